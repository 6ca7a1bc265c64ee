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
