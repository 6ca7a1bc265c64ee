"""Agreement statistics: numbers on a small known set, scoping per role, the target-group filter; the SQL
counting against the pure function on generated data; the page's query count pinned at two sizes."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.domain.agreement import agreement_by_parameter
from assessments.models import Case, Judgement, ParameterJudgement
from assessments.selectors.statistics import agreement_counts, agreement_report, statistics_cases
from targetgroups.domain.model import SUPPLIER_PARAMETERS

from .. import factories

pytestmark = pytest.mark.django_db

ALL_HIGH = [3] * 8
ALL_MODERATE = [2] * 8
PARAMETER_VALUES = [p.value for p in SUPPLIER_PARAMETERS]


@pytest.fixture
def make_case(case, second_consultant):
    """Cases copied from the fixture case (same content versions), with judgements written directly.

    One open case per subject: each copy assesses a department of its own of the fixture case's supplier."""
    counter = iter(range(100, 1000))

    def make(*, first, second, mode=Case.Mode.DOUBLE_BLIND, second_submitted=True, **overrides):
        fields = {
            "reference": f"T-{next(counter)}",
            "mode": mode,
            "supplier": case.supplier,
            "department": factories.DepartmentFactory(supplier=case.supplier),
            "target_group": case.target_group,
            "socialtilsyn": case.socialtilsyn,
            "description": case.description,
            "guide": case.guide,
            "form_template": case.form_template,
            "rule": case.rule,
            "primary_consultant": case.primary_consultant,
            "second_consultant": case.second_consultant,
            "leader": case.leader,
            "opened_by": case.leader,
            "state": "afstemning",
            **overrides,
        }
        new = Case.objects.create(**fields)
        for author, levels, submitted in (
            (new.primary_consultant, first, True),
            (new.second_consultant, second, second_submitted),
        ):
            judgement = Judgement.objects.create(
                case=new, author=author, submitted_at=timezone.now() if submitted else None
            )
            ParameterJudgement.objects.bulk_create(
                ParameterJudgement(judgement=judgement, parameter=p.value, level=level, reasons="x")
                for p, level in zip(SUPPLIER_PARAMETERS, levels, strict=True)
            )
        return new

    return make


@pytest.fixture
def known_set(make_case):
    # Case 1 disagrees on the last parameter, case 2 on the first; the rest agree.
    make_case(first=ALL_HIGH, second=[3, 3, 3, 3, 3, 3, 3, 2])
    make_case(first=ALL_MODERATE, second=[1, 2, 2, 2, 2, 2, 2, 2])
    # Not counted: review mode, and a case where only one judgement is submitted.
    make_case(first=ALL_HIGH, second=ALL_MODERATE, mode=Case.Mode.REVIEW)
    make_case(first=ALL_HIGH, second=ALL_MODERATE, second_submitted=False)


def test_agreement_per_parameter_on_a_known_set(known_set, leader):
    report = agreement_report(statistics_cases(leader))
    by = {p.parameter: p for p in report.parameters}
    assert report.cases == 2
    assert (by["aktiv_praksis"].pairs, by["aktiv_praksis"].agreed, by["aktiv_praksis"].percent) == (2, 1, 50)
    assert (by["hjaelpemidler"].pairs, by["hjaelpemidler"].agreed) == (2, 1)
    assert (by["metoder"].pairs, by["metoder"].agreed, by["metoder"].percent) == (2, 2, 100)
    assert (report.pairs, report.agreed, report.percent) == (16, 14, 88)


def test_statistics_page_for_the_leader(known_set, client_for):
    response = client_for("leader").get(reverse("assessments:agreement_statistics"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Aktiv praksis" in body
    assert "50 %" in body
    assert "Samlet enighed: 88 %" in body


def test_leader_of_another_tilsyn_sees_none_of_it_and_fagadmin_sees_all(known_set, other_leader, fagadmin):
    assert agreement_report(statistics_cases(other_leader)).cases == 0
    assert agreement_report(statistics_cases(fagadmin)).cases == 2


def test_filter_by_target_group(known_set, make_case, client_for):
    other_group = factories.TargetGroupFactory(name="Hjerneskade", age_band="voksne", slug="hjerneskade-voksne")
    make_case(first=ALL_HIGH, second=ALL_MODERATE, target_group=other_group)
    client = client_for("leader")
    everything = client.get(reverse("assessments:agreement_statistics")).context["report"]
    assert everything.cases == 3
    only_other = client.get(reverse("assessments:agreement_statistics"), {"maalgruppe": other_group.pk}).context[
        "report"
    ]
    assert (only_other.cases, only_other.agreed) == (1, 0)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 200),
        ("fagadmin", 200),
        ("consultant", 403),
        ("supplier_user", 403),
        ("myndighed", 403),
    ],
)
def test_statistics_page_permissions(case, client_for, who, status):
    assert client_for(who).get(reverse("assessments:agreement_statistics")).status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("assessments:agreement_statistics"))
    assert response.status_code == 302


def test_nav_shows_statistik_for_leader_and_fagadmin_only(case, client_for):
    assert "Statistik" in client_for("leader").get(reverse("core:dashboard")).content.decode()
    assert "Statistik" in client_for("fagadmin").get(reverse("core:dashboard")).content.decode()
    assert ">Statistik<" not in client_for("consultant").get(reverse("core:dashboard")).content.decode()


def test_empty_state(case, client_for):
    body = client_for("leader").get(reverse("assessments:agreement_statistics")).content.decode()
    assert "Der er endnu ingen sager" in body


# --- the SQL counting against the pure reference function, and the page's query count ---------------------

LEVEL = st.sampled_from([None, 1, 2, 3])
EIGHT_LEVELS = st.lists(LEVEL, min_size=8, max_size=8)
GENERATED_CASE = st.tuples(st.sampled_from(list(Case.Mode)), EIGHT_LEVELS, EIGHT_LEVELS, st.booleans())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=st.lists(GENERATED_CASE, max_size=5))
def test_sql_agreement_matches_the_pure_function(make_case, generated):
    with transaction.atomic():
        made = [
            make_case(first=first, second=second, mode=mode, second_submitted=submitted)
            for mode, first, second, submitted in generated
        ]
        counted = [
            (dict(zip(PARAMETER_VALUES, first, strict=True)), dict(zip(PARAMETER_VALUES, second, strict=True)))
            for mode, first, second, submitted in generated
            if mode == Case.Mode.DOUBLE_BLIND and submitted
        ]
        cases, stats = agreement_counts(Case.objects.filter(pk__in=[c.pk for c in made]))
        assert (cases, stats) == (len(counted), agreement_by_parameter(counted))
        transaction.set_rollback(True)


def make_pairs(make_case, n):
    for i in range(n):
        make_case(first=ALL_HIGH, second=ALL_HIGH if i % 2 else ALL_MODERATE)


# session, user, the filter's target groups, the aggregate (one statement), and the socialtilsyn: the filter's
# choices for the fagadmin, the page header's for a leader
STATISTICS_QUERIES = {"leader": 5, "fagadmin": 5}


@pytest.mark.parametrize("who", ["leader", "fagadmin"])
@pytest.mark.parametrize("n", [2, 12])
def test_statistics_page_query_count_is_pinned_at_two_sizes(make_case, client_for, who, n, django_assert_num_queries):
    make_pairs(make_case, n)
    client = client_for(who)
    with django_assert_num_queries(STATISTICS_QUERIES[who]):
        response = client.get(reverse("assessments:agreement_statistics"), {"maalgruppe": ""})
    assert response.context["report"].cases == n
