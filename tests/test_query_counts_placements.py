# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The placement search, the supplier page and the export make the same number of queries however many
placements there are: each is pinned at two data sizes, 10× apart."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Case, CurrentPlacement, Decision
from assessments.services.placements import rebuild_placements
from suppliers.models import Department

from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30
_refs = itertools.count(1)


def make_placements(template: Case, n: int) -> None:
    """n decided cases on departments of the template's supplier (a third lowered, in a remedy period), and the
    placement table rebuilt from them."""
    today = timezone.localdate()
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Case._meta.concrete_fields
        if f.attname not in ("id", "reference", "department_id", "state", "opened_at", "previous_case_id")
    }
    for i in range(n):
        department = Department.objects.create(supplier=template.supplier, name=f"Bo {next(_refs)}")
        decided = Case.objects.create(
            **fields, reference=f"PQ-{next(_refs):05d}", department=department, state="afgjort"
        )
        Decision.objects.create(
            case=decided,
            level=3,
            explanation="Niveau 3",
            rule=decided.rule,
            parameters={},
            valid_from=today - datetime.timedelta(days=30),
            valid_until=today + datetime.timedelta(days=700),
            decided_by=decided.primary_consultant,
        )
        if i % 3 == 0:
            lowered = Case.objects.create(
                **fields,
                reference=f"PQ-{next(_refs):05d}",
                department=department,
                state="afgjort",
                previous_case=decided,
            )
            Decision.objects.create(
                case=lowered,
                level=2,
                explanation="Niveau 2",
                rule=lowered.rule,
                parameters={},
                valid_from=today - datetime.timedelta(days=3),
                valid_until=today + datetime.timedelta(days=900),
                remedy_until=today + datetime.timedelta(days=60),
                decided_by=lowered.primary_consultant,
            )
    rebuild_placements()
    assert CurrentPlacement.objects.count() == n


# session, user, the form's target groups and socialtilsyn (they also label the rows), the count, the page
SEARCH = 6
# the filters cost nothing more: the form checks them against the lists it has
SEARCH_FILTERED = SEARCH
# … and with a text, whether the full text finds anything (else names are compared by similarity)
SEARCH_TEXT = SEARCH_FILTERED + 1
# session, user, the supplier, its placements
SUPPLIER = 4
# session, user, the form's target groups and socialtilsyn, the rows (one query, read in chunks); an XLSX file
# counts the rows first (it is refused above its row limit)
EXPORT = {"csv": 5, "xlsx": 6}


def _filters(case: Case, text: str) -> dict:
    return {
        "target_group": case.target_group_id,
        "socialtilsyn": case.socialtilsyn_id,
        "level": 3,
        "age_band": case.target_group.age_band,
        "region": "",
        "municipality": "",
        "ownership": case.supplier.ownership,
        "matrikelloes": "nej",
        "q": text,
    }


@pytest.mark.parametrize("n", [SMALL, LARGE])
def test_search_query_count_is_pinned_at_two_sizes(case, client_for, n, django_assert_num_queries):
    make_placements(case, n)
    client = client_for("myndighed")
    with django_assert_num_queries(SEARCH):
        response = client.get(reverse("register"))
    assert response.context["page"].paginator.count == n
    assert {row.effective_level for row in response.context["page"].object_list} == {3}


@pytest.mark.parametrize("n", [SMALL, LARGE])
@pytest.mark.parametrize(
    "text", ["", "bo", "bosted", "bosteedet"], ids=["filters", "filters+short", "filters+text", "filters+misspelt"]
)
def test_filtered_search_query_count_is_pinned_at_two_sizes(case, client_for, n, text, django_assert_num_queries):
    make_placements(case, n)
    client = client_for("myndighed")
    with django_assert_num_queries(SEARCH_TEXT if text else SEARCH_FILTERED):
        response = client.get(reverse("register"), _filters(case, text))
    assert response.context["form"].errors == {}
    page = response.context["page"]
    assert page.paginator.count == n, text
    assert len(page.object_list) == min(n, 25)


@pytest.mark.parametrize("n", [SMALL, LARGE])
def test_supplier_page_query_count_is_pinned_at_two_sizes(case, client_for, n, django_assert_num_queries):
    make_placements(case, n)
    client = client_for("myndighed")
    with django_assert_num_queries(SUPPLIER):
        response = client.get(reverse("register_supplier", args=[case.supplier_id]))
    assert len(response.context["page"].placements) == n


@pytest.mark.parametrize("n", [SMALL, LARGE])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_is_pinned_at_two_sizes(case, client_for, n, fmt, django_assert_num_queries):
    make_placements(case, n)
    client = client_for("myndighed")
    with django_assert_num_queries(EXPORT[fmt]):
        response = client.get(reverse("register_export", args=[fmt]), {"target_group": case.target_group_id})
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    if fmt == "csv":
        assert body.decode("utf-8-sig").count("\r\n") == n + 1  # the header and one line per placement
