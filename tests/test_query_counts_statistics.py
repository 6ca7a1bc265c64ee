# ruff: noqa: F811 (the case fixtures are imported from tests/cases and used by name)
"""The statistics page, the calibration page and their downloads make the same number of queries whatever the
number of cases: pinned at two data sizes, 10× apart, for a leader and the fagadministrator."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def _count(client, url: str, params: dict | None = None, *, stream: bool = False):
    """(response, number of queries, the SQL) of one GET, its streamed body read inside the count."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        if stream:
            b"".join(response.streaming_content)
    return response, len(queries), [q["sql"] for q in queries.captured_queries]


# Growing the cases is the expensive part: each size is grown once and every page and download is counted for
# both roles on it. The assertion lists every mismatch at once, with its SQL, as a test per role would.
@pytest.mark.parametrize("n", [SMALL, LARGE])
def test_statistics_calibration_and_export_query_counts(make_case, case, client_for, n):
    grow(make_case, case, n)
    got, expected, sql = {}, {}, {}
    for who in ("leader", "fagadmin"):
        client = client_for(who)
        response, got[(who, "statistics")], sql[(who, "statistics")] = _count(
            client, reverse("assessments:agreement_statistics"), {"maalgruppe": case.target_group_id}
        )
        expected[(who, "statistics")] = STATISTICS[who]
        assert response.context["overview"].cases == n, who

        response, got[(who, "calibration")], sql[(who, "calibration")] = _count(
            client, reverse("assessments:agreement_calibration")
        )
        expected[(who, "calibration")] = CALIBRATION[who]
        result = response.context["calibration"]
        assert result.selected is not None, who
        assert result.selected.key == "aktiv_praksis", who
        assert result.criteria, who  # the citation queries ran and found something

        for fmt in ("csv", "xlsx"):
            key = (who, f"export {fmt}")
            _response, got[key], sql[key] = _count(
                client, reverse("assessments:agreement_export", args=[fmt]), stream=fmt == "csv"
            )
            expected[key] = EXPORT[who]
            key = (who, f"calibration export {fmt}")
            response, got[key], sql[key] = _count(
                client, reverse("assessments:calibration_export", args=[fmt]), stream=fmt == "csv"
            )
            expected[key] = CALIBRATION_EXPORT[who]
            assert response.status_code == 200, key
    assert got == expected, {key: sql[key] for key in got if got[key] != expected[key]}
