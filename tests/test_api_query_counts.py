# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""Every list and detail endpoint of the API makes the same number of queries however much data there is (no
N+1): each is pinned at two data sizes, 10× apart, as the pages are (tests/test_query_counts_*.py)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from api.services import token_create
from assessments.models import Answer, Case, InformationForm
from suppliers.models import Supplier

from . import factories
from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)
from .test_query_counts_placements import make_placements

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30
_refs = itertools.count(1)

# Every request: the token's row (with its user). Lists: the count and the page.
PLACEMENTS = 1 + 2 + 2  # … and the page's target groups and socialtilsyn
PLACEMENTS_FILTERED = PLACEMENTS + 2  # … the socialtilsyn by its code, and whether the full text finds anything
SUPPLIERS = 1 + 2
DEPARTMENTS = 1 + 2
CASES = 1 + 2 + 2  # … read off the case table alone, then the page's subjects and people by id
CASE = 1 + 2  # the case, its form
FORMS = 1 + 2
FORM = 1 + 5  # the case, the supplier check, the form, the answers, the missing answers


def grow(case: Case, supplier_user, n: int) -> None:
    """n suppliers of the case's socialtilsyn, each with a department, that `supplier_user` is a user of, each
    with an open case (primary consultant and leader as on `case`) whose form is requested; and n placements."""
    fields = {
        f.attname: getattr(case, f.attname)
        for f in Case._meta.concrete_fields
        if f.attname not in ("id", "reference", "supplier_id", "department_id", "state", "opened_at")
    }
    for _ in range(n):
        supplier: Supplier = factories.SupplierFactory.create(socialtilsyn=case.socialtilsyn)
        factories.DepartmentFactory(supplier=supplier)
        supplier_user.suppliers.add(supplier)
        opened = Case.objects.create(
            **fields, reference=f"AQ-{next(_refs):05d}", supplier=supplier, state="oplysninger_anmodet"
        )
        form = InformationForm.objects.create(
            case=opened, template=case.form_template, deadline="2099-01-01", requested_by=case.primary_consultant
        )
        Answer.objects.bulk_create(Answer(form=form, question=q) for q in case.form_template.questions.all())
    make_placements(case, n)


def api_for(user) -> APIClient:
    admin: User = factories.FagadminFactory.create()
    _token, secret = token_create(owner=user, name="Tæller", user=admin)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    api.get(reverse("api:schema"))  # the first use notes "last used" (one UPDATE a minute): not counted below
    return api


def count(api: APIClient, url: str, params: dict | None = None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


@pytest.mark.parametrize("n", [SMALL, LARGE])
def test_list_endpoints_make_the_same_queries_at_two_sizes(case, supplier_user, leader, myndighed, n):
    grow(case, supplier_user, n)
    myndighed_api = api_for(myndighed)
    queries, body = count(myndighed_api, reverse("api:placements"))
    assert (queries, body["count"]) == (PLACEMENTS, n)
    queries, body = count(
        myndighed_api,
        reverse("api:placements"),
        {"socialtilsyn": case.socialtilsyn.code, "level": 3, "age_band": case.target_group.age_band, "q": "bo"},
    )
    assert (queries, body["count"]) == (PLACEMENTS_FILTERED, n)

    staff = api_for(leader)
    queries, body = count(staff, reverse("api:suppliers"))
    assert queries == SUPPLIERS
    assert body["count"] > n
    queries, body = count(staff, reverse("api:departments"))
    assert queries == DEPARTMENTS
    assert body["count"] >= 2 * n
    queries, body = count(staff, reverse("api:cases"))
    assert queries == CASES
    assert body["count"] > n
    queries, _body = count(staff, reverse("api:case", kwargs={"pk": case.pk}))
    assert queries == CASE

    supplier_api = api_for(supplier_user)
    queries, body = count(supplier_api, reverse("api:forms"))
    assert (queries, body["count"]) == (FORMS, n)
    form = InformationForm.objects.filter(case__supplier__users=supplier_user).first()
    queries, body = count(supplier_api, reverse("api:form", kwargs={"case_pk": form.case_id}))
    assert queries == FORM
    assert len(body["questions"]) == case.form_template.questions.count()
