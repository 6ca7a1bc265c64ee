# ruff: noqa: F811 (the case fixtures are imported from tests/cases and used by name)
"""The statistics page, the calibration page and their downloads make the same number of queries whatever the
number of cases: pinned at two data sizes, 10× apart, for a leader and the fagadministrator."""

import pytest
from django.urls import reverse

from assessments.models import ParameterJudgement
from assessments.services.agreement import agreement_summary_rebuild
from targetgroups.models import GuideCriterion

from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)
from .cases.test_statistics import make_case  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 20

# session, user, first/last half-year, target groups, guide versions, the summary (one GROUPING SETS statement);
# the fagadmin's socialtilsyn choices (a leader's socialtilsyn in the page's lead comes with the user)
STATISTICS = {"leader": 6, "fagadmin": 7}
# the same, and the criteria and the description boxes cited in the disagreeing pairs of the lowest parameter
CALIBRATION = {"leader": 8, "fagadmin": 9}
# as the pages, without the lead's socialtilsyn
EXPORT = {"leader": 6, "fagadmin": 7}
CALIBRATION_EXPORT = {"leader": 8, "fagadmin": 9}


def grow(make_case, case, n: int) -> None:
    """n cases: half of them disagree on aktiv praksis, each side citing a criterion; the summary rebuilt."""
    criteria = list(
        GuideCriterion.objects.filter(guide_parameter__guide=case.guide, guide_parameter__parameter="aktiv_praksis")
    )
    for i in range(n):
        made = make_case(first=[3] * 8, second=([2] if i % 2 else [3]) + [3] * 7)
        for pj in ParameterJudgement.objects.filter(judgement__case=made, parameter="aktiv_praksis"):
            pj.cited_criteria.add(criteria[i % len(criteria)])
    agreement_summary_rebuild()


@pytest.mark.parametrize("who", ["leader", "fagadmin"])
@pytest.mark.parametrize("n", [SMALL, LARGE])
def test_statistics_page_query_count(make_case, case, client_for, who, n, django_assert_num_queries):
    grow(make_case, case, n)
    client = client_for(who)
    with django_assert_num_queries(STATISTICS[who]):
        response = client.get(reverse("assessments:agreement_statistics"), {"maalgruppe": case.target_group_id})
    assert response.context["overview"].cases == n


@pytest.mark.parametrize("who", ["leader", "fagadmin"])
@pytest.mark.parametrize("n", [SMALL, LARGE])
def test_calibration_page_query_count(make_case, case, client_for, who, n, django_assert_num_queries):
    grow(make_case, case, n)
    client = client_for(who)
    with django_assert_num_queries(CALIBRATION[who]):
        response = client.get(reverse("assessments:agreement_calibration"))
    result = response.context["calibration"]
    assert result.selected is not None
    assert result.selected.key == "aktiv_praksis"
    assert result.criteria  # the citation queries ran and found something


@pytest.mark.parametrize("who", ["leader", "fagadmin"])
@pytest.mark.parametrize("n", [SMALL, LARGE])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_counts(make_case, case, client_for, who, n, fmt, django_assert_num_queries):
    grow(make_case, case, n)
    client = client_for(who)
    with django_assert_num_queries(EXPORT[who]):
        response = client.get(reverse("assessments:agreement_export", args=[fmt]))
        if fmt == "csv":
            b"".join(response.streaming_content)
    with django_assert_num_queries(CALIBRATION_EXPORT[who]):
        response = client.get(reverse("assessments:calibration_export", args=[fmt]))
        if fmt == "csv":
            b"".join(response.streaming_content)
    assert response.status_code == 200
