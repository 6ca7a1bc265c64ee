"""The fagadministrator maintains content in the admin too; no other role gets into it."""

import pytest
from django.urls import reverse

from targetgroups.models import TargetGroupDescription, VersionStatus

from . import factories

pytestmark = pytest.mark.django_db


def test_fagadmin_is_staff_by_role(fagadmin):
    assert fagadmin.is_staff


@pytest.mark.parametrize("url_name", ["admin:index", "admin:targetgroups_targetgroupdescription_changelist"])
def test_fagadmin_reaches_the_content_admin(client_for, url_name):
    response = client_for("fagadmin").get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["consultant", "leader", "supplier_user", "myndighed"])
def test_other_roles_are_sent_to_the_admin_login(client_for, role):
    response = client_for(role).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_action_publishes_a_complete_draft_through_the_service(client_for, target_group):
    draft = factories.description_draft(target_group=target_group)
    response = client_for("fagadmin").post(
        reverse("admin:targetgroups_targetgroupdescription_changelist"),
        {"action": "publish_drafts", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


def test_admin_action_reports_an_incomplete_draft(client_for, target_group):
    draft = factories.description_draft(target_group=target_group, cells=False)
    response = client_for("fagadmin").post(
        reverse("admin:targetgroups_targetgroupdescription_changelist"),
        {"action": "publish_drafts", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "alle 12 bokse" in response.content.decode()
    assert TargetGroupDescription.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_every_content_and_supplier_admin_and_inline_refuses_a_cpr_number_in_its_text_fields():
    from django.contrib import admin

    from privacy.forms import NoCprModelForm

    admins = [a for a in admin.site._registry.values() if a.model._meta.app_label in ("targetgroups", "suppliers")]
    assert len(admins) >= 8
    for model_admin in admins:
        assert issubclass(model_admin.form, NoCprModelForm), model_admin
        for inline in model_admin.inlines:
            assert issubclass(inline.form, NoCprModelForm), inline


def test_a_description_box_with_a_cpr_number_is_refused_in_the_admin(client_for, target_group):
    from django.forms import modelform_factory

    from privacy.forms import NoCprModelForm
    from targetgroups.models import DescriptionCell

    cell = factories.description_draft(target_group=target_group).cells.first()
    form = modelform_factory(DescriptionCell, form=NoCprModelForm, fields=["parameter", "level", "text"])(
        data={"parameter": cell.parameter, "level": cell.level, "text": "Fx borgeren 01.01.90-1234."}, instance=cell
    )
    assert not form.is_valid()
    assert "010190-****" in form.errors["text"][0]
    cell.refresh_from_db()
    assert "1234" not in cell.text


def test_the_change_pages_with_the_cpr_checked_forms_open(client_for, target_group):
    draft = factories.description_draft(target_group=target_group)
    guide = factories.guide_draft(description=draft)
    client = client_for("fagadmin")
    for url in [
        reverse("admin:targetgroups_targetgroupdescription_change", args=[draft.pk]),
        reverse("admin:targetgroups_assessmentguide_change", args=[guide.pk]),
        reverse("admin:targetgroups_guideparameter_change", args=[guide.parameters.first().pk]),
        reverse("admin:targetgroups_targetgroup_change", args=[target_group.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_a_supplier_name_with_a_cpr_number_is_refused_in_the_admin(supplier):
    from django.contrib import admin
    from django.forms import modelform_factory

    from suppliers.models import Supplier

    form_class = modelform_factory(Supplier, form=admin.site._registry[Supplier].form, fields=["name"])
    form = form_class(data={"name": "Bostedet 0101901234"}, instance=supplier)
    assert not form.is_valid()
    assert "010190-****" in form.errors["name"][0]
