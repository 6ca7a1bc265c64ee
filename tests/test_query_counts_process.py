# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""The Sagsforløb page and its exports make the same number of queries however many cases there are: pinned at
two data sizes, 10× apart."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.domain.workflow import State
from assessments.models import Decision, Hearing, InformationForm
from assessments.services.process import process_summary_refresh

from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)
from .test_process import _clone, _history

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 20  # rounds of the history below: 10× apart
URL = reverse("assessments:process_figures")

# session, user; the filter's socialtilsyn and target groups; the summaries' refresh time, the time in state, the
# genvurderinger per month; what is overdue (one UNION ALL)
FAGADMIN_QUERIES = 8
# the same (the leader's socialtilsyn in the page's lead text comes with the user: accounts.backends)
LEADER_QUERIES = 8


def grow(case, tilsyn, other_tilsyn, rounds: int) -> None:
    """`rounds` × in each socialtilsyn: a case with a finished history, an overdue form, an overdue hearing, a
    decision falling due, an expired one; then the nightly summaries."""
    today = timezone.localdate()
    start = timezone.now() - datetime.timedelta(days=40)
    consultant = case.primary_consultant
    for _ in range(rounds):
        for owner in (tilsyn, other_tilsyn):
            done = _clone(case, tilsyn=owner, state=State.VURDERING, opened_at=start)
            _history(
                done,
                start,
                [
                    (State.OPRETTET, State.OPLYSNINGER_ANMODET, 1),
                    (State.OPLYSNINGER_ANMODET, State.OPLYSNINGER_MODTAGET, 9),
                    (State.OPLYSNINGER_MODTAGET, State.VURDERING, 2),
                ],
            )
            filling = _clone(case, tilsyn=owner, state=State.OPLYSNINGER_ANMODET)
            InformationForm.objects.create(
                case=filling,
                template=case.form_template,
                deadline=today - datetime.timedelta(days=2),
                requested_by=consultant,
            )
            hearing = _clone(case, tilsyn=owner, state=State.PARTSHOERING)
            Hearing.objects.create(case=hearing, draft={}, deadline=today - datetime.timedelta(days=1))
            for valid_until in (today + datetime.timedelta(days=40), today - datetime.timedelta(days=3)):
                decided = _clone(case, tilsyn=owner, state=State.AFGJORT)
                Decision.objects.create(
                    case=decided,
                    level=1,
                    explanation="Niveau 1",
                    rule=decided.rule,
                    parameters={},
                    valid_from=valid_until - datetime.timedelta(days=700),
                    valid_until=valid_until,
                    decided_by=consultant,
                )
    process_summary_refresh()


@pytest.fixture(params=[SMALL, LARGE], ids=["small", "large"])
def grown(request, case, tilsyn, other_tilsyn):
    grow(case, tilsyn, other_tilsyn, request.param)
    return request.param


@pytest.mark.parametrize(
    ("who", "query", "expected"),
    [
        ("fagadmin", "", FAGADMIN_QUERIES),
        ("fagadmin", "?periode=24&maalgruppe={group}", FAGADMIN_QUERIES),
        ("fagadmin", "?socialtilsyn={tilsyn}", FAGADMIN_QUERIES),
        ("leader", "", LEADER_QUERIES),
        ("leader", "?periode=3", LEADER_QUERIES),
    ],
)
def test_process_page_query_count_is_the_same_at_both_sizes(
    grown, request, client, case, tilsyn, who, query, expected, django_assert_num_queries
):
    client.force_login(request.getfixturevalue(who))
    url = URL + query.format(group=case.target_group_id, tilsyn=tilsyn.pk)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    figures = response.context["figures"]
    # the figures grow with the data; the queries do not
    assert figures.durations
    assert figures.durations[0].rows[0].spells >= grown
    assert figures.overdue[-1].count("hearing") >= grown


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_make_the_page_queries_without_rendering_it(
    grown, client, fagadmin, fmt, django_assert_num_queries
):
    client.force_login(fagadmin)
    with django_assert_num_queries(FAGADMIN_QUERIES):
        response = client.get(URL + f"?eksport={fmt}")
    assert response.status_code == 200
