# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The read-only cases list in the admin: the fagadministrator reads it, nobody changes a case there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.models import Case

from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_the_fagadmin_lists_and_searches_cases(client_for, case):
    client = client_for("fagadmin")
    response = client.get(reverse("admin:assessments_case_changelist"))
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    found = client.get(reverse("admin:assessments_case_changelist"), {"q": case.reference})
    assert list(found.context["cl"].result_list) == [case]
    missing = client.get(reverse("admin:assessments_case_changelist"), {"q": "findes-ikke"})
    assert list(missing.context["cl"].result_list) == []


def test_the_cases_list_filters_on_state_socialtilsyn_and_target_group(client_for, case):
    client = client_for("fagadmin")
    url = reverse("admin:assessments_case_changelist")
    assert list(client.get(url, {"state__exact": case.state}).context["cl"].result_list) == [case]
    assert list(client.get(url, {"state__exact": "afgjort"}).context["cl"].result_list) == []
    assert list(client.get(url, {"socialtilsyn__id__exact": case.socialtilsyn_id}).context["cl"].result_list) == [case]
    assert list(client.get(url, {"target_group__id__exact": case.target_group_id}).context["cl"].result_list) == [case]


def test_the_cases_admin_is_read_only(client_for, case):
    client = client_for("fagadmin")
    change = client.get(reverse("admin:assessments_case_change", args=[case.pk]))
    assert change.status_code == 200
    assert not change.context["has_change_permission"]
    posted = client.post(reverse("admin:assessments_case_change", args=[case.pk]), {"reference": "ÆNDRET"})
    assert posted.status_code == 403
    assert Case.objects.get(pk=case.pk).reference == case.reference
    assert client.get(reverse("admin:assessments_case_add")).status_code == 403
    assert client.post(reverse("admin:assessments_case_delete", args=[case.pk]), {"post": "yes"}).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.parametrize("role", ["consultant", "leader", "supplier_user", "myndighed"])
def test_other_roles_do_not_reach_the_cases_admin(client_for, role, case):
    response = client_for(role).get(reverse("admin:assessments_case_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_changelist_query_count_does_not_grow_with_the_rows(client_for, case, django_assert_max_num_queries):
    """list_select_related: the supplier, target group and socialtilsyn of each row come with the page."""
    model_admin = admin.site._registry[Case]
    assert set(model_admin.list_select_related) >= {"supplier", "target_group", "socialtilsyn"}
    client = client_for("fagadmin")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("admin:assessments_case_changelist")).status_code == 200
