# ruff: noqa: F811 (the case fixtures are imported from tests/cases/conftest.py and used by name)
"""Process figures (sagsforløb): the SQL figures against a hand-built case history with known durations, the
genvurderinger falling due per month, what is overdue, and the calendar arithmetic behind them."""

import datetime
import itertools

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from assessments.domain import process as arithmetic
from assessments.domain.workflow import Action, State
from assessments.models import Case, Decision, Hearing, InformationForm
from assessments.selectors.process import (
    OverdueKind,
    ProcessScope,
    due_counts,
    overdue_counts,
    process_figures,
    state_durations,
    summary_due_counts,
    summary_durations,
)
from assessments.services.cases import case_transition
from assessments.services.placements import rebuild_placements
from assessments.services.process import process_summary_refresh
from audit.models import AuditEntry
from suppliers.models import Department, Socialtilsyn

from . import factories
from .cases.conftest import case, published_form_template, second_consultant  # noqa: F401 (fixtures)

_refs = itertools.count(1)

DAY = datetime.timedelta(days=1)
# A fixed clock: the period of the figures is counted back from here.
NOW = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


# --- the pure arithmetic ------------------------------------------------------------------------------------------


def test_percentile_interpolates_between_the_nearest_ranks_like_postgresql():
    # positions 0..3; the median sits halfway between 2 and 3, the 90th percentile at 2.7 → 3 + 0.7 × 7
    assert arithmetic.percentile_cont([10, 1, 3, 2], 0.5) == 2.5
    assert arithmetic.percentile_cont([10, 1, 3, 2], 0.9) == pytest.approx(7.9)
    assert arithmetic.percentile_cont([4], 0.9) == 4
    assert arithmetic.percentile_cont([], 0.5) is None


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=50), st.floats(min_value=0, max_value=1))
def test_percentile_lies_between_the_smallest_and_the_largest_value(values, fraction):
    result = arithmetic.percentile_cont(values, fraction)
    assert min(values) - 1e-6 <= result <= max(values) + 1e-6


def test_add_months_keeps_the_day_or_clamps_it_to_the_end_of_a_shorter_month():
    assert arithmetic.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert arithmetic.add_months(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert arithmetic.add_months(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)
    assert arithmetic.add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert arithmetic.add_months(datetime.date(2026, 1, 15), -13) == datetime.date(2024, 12, 15)


def test_the_twelve_months_ahead_start_with_this_month_and_cross_the_new_year():
    months = arithmetic.months_ahead(datetime.date(2026, 12, 15))
    assert months[0] == datetime.date(2026, 12, 1)
    assert months[1] == datetime.date(2027, 1, 1)
    assert months[-1] == datetime.date(2027, 11, 1)
    assert len(months) == 12
    assert arithmetic.due_end(datetime.date(2026, 12, 15)) == datetime.date(2027, 12, 1)


def test_a_period_of_months_ends_today_and_starts_the_day_after_the_same_day_back_then():
    assert arithmetic.period_start(datetime.date(2026, 11, 30), 3) == datetime.date(2026, 8, 31)
    assert arithmetic.period_start(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 3, 1)


def test_the_month_grid_shows_zero_where_the_database_had_no_row():
    months = arithmetic.months_ahead(datetime.date(2026, 12, 15), 3)
    grid = arithmetic.month_grid({(1, datetime.date(2027, 1, 1)): 4}, [1, 2], months)
    assert grid == {1: [0, 4, 0], 2: [0, 0, 0]}


# --- a hand-built case history ------------------------------------------------------------------------------------


def _clone(template: Case, *, tilsyn: Socialtilsyn, state: State, target_group=None, opened_at=None) -> Case:
    """A case like `template` on a new supplier of `tilsyn` (its own subject, so any number may be open)."""
    supplier = factories.SupplierFactory.create(socialtilsyn=tilsyn)
    department = Department.objects.create(supplier=supplier, name=f"Afd {next(_refs)}")
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Case._meta.concrete_fields
        if f.attname not in ("id", "reference", "supplier_id", "department_id", "state", "socialtilsyn_id")
    }
    if target_group is not None:
        fields["target_group_id"] = target_group.pk
    made = Case.objects.create(
        **fields,
        reference=f"PF-{next(_refs):05d}",
        supplier=supplier,
        department=department,
        socialtilsyn=tilsyn,
        state=state.value,
    )
    if opened_at is not None:
        Case.objects.filter(pk=made.pk).update(opened_at=opened_at)
        made.opened_at = opened_at
    return made


def _history(case: Case, opened_at: datetime.datetime, steps: list[tuple[State, State, float]]) -> None:
    """State changes as case_transition records them, `days` after the previous one (the first after opening)."""
    at = opened_at
    for before, after, days in steps:
        at = at + datetime.timedelta(days=days)
        with time_machine.travel(at, tick=False):
            AuditEntry.objects.create(
                case=case,
                action="transition:step",
                summary="test",
                object_type="assessments.case",
                object_id=str(case.pk),
                before={"state": before.value},
                after={"state": after.value},
            )


@pytest.fixture
def history(case, tilsyn, other_tilsyn):
    """Tilsyn Nord: four cases left 'oprettet' after 1, 2, 3 and 10 days; two of them left 'oplysninger anmodet'
    after 4 and 6 days. Tilsyn Syd: one case left 'oprettet' after 5 days. Also a spell that ended before the
    period (not counted) and one of another target group (left out by that filter)."""
    start = NOW - datetime.timedelta(days=60)
    ANM, OPR, MOD = State.OPLYSNINGER_ANMODET, State.OPRETTET, State.OPLYSNINGER_MODTAGET
    for days, then in ((1, 4), (2, 6), (3, None), (10, None)):
        made = _clone(case, tilsyn=tilsyn, state=ANM if then is None else MOD, opened_at=start)
        _history(made, start, [(OPR, ANM, days)] + ([(ANM, MOD, then)] if then else []))
    syd = _clone(case, tilsyn=other_tilsyn, state=ANM, opened_at=start)
    _history(syd, start, [(OPR, ANM, 5)])
    old_start = NOW - datetime.timedelta(days=400)
    old = _clone(case, tilsyn=tilsyn, state=ANM, opened_at=old_start)
    _history(old, old_start, [(OPR, ANM, 100)])  # ended about 300 days ago
    other_group = factories.TargetGroupFactory()
    elsewhere = _clone(case, tilsyn=tilsyn, state=ANM, target_group=other_group, opened_at=start)
    _history(elsewhere, start, [(OPR, ANM, 30)])
    return other_group


SINCE = NOW - datetime.timedelta(days=180)


def _figures(rows):
    return {(r.socialtilsyn_id, r.state): (r.spells, r.median_days, r.p90_days) for r in rows}


@pytest.mark.django_db
def test_time_in_state_per_socialtilsyn_has_the_median_and_90th_percentile_worked_out_by_hand(
    history, case, tilsyn, other_tilsyn
):
    figures = _figures(
        state_durations(ProcessScope(socialtilsyn_id=None, target_group_id=case.target_group_id), since=SINCE)
    )
    # Nord 'oprettet': 1, 2, 3, 10 days → median 2.5; 90 % at rank 2.7 → 3 + 0.7 × (10 − 3) = 7.9
    assert figures[(tilsyn.pk, State.OPRETTET)] == pytest.approx((4, 2.5, 7.9))
    # Nord 'oplysninger anmodet': 4, 6 → median 5; 90 % at rank 0.9 → 4 + 0.9 × 2 = 5.8
    assert figures[(tilsyn.pk, State.OPLYSNINGER_ANMODET)] == pytest.approx((2, 5.0, 5.8))
    assert figures[(other_tilsyn.pk, State.OPRETTET)] == pytest.approx((1, 5.0, 5.0))
    # all together 'oprettet': 1, 2, 3, 5, 10 → median 3; 90 % at rank 3.6 → 5 + 0.6 × 5 = 8
    assert figures[(None, State.OPRETTET)] == pytest.approx((5, 3.0, 8.0))
    # the state a case is still in has no end: 'oplysninger modtaget' is not there
    assert not any(state == State.OPLYSNINGER_MODTAGET for _, state in figures)
    # the case opened by the fixture has changed no state
    assert len(figures) == 5


@pytest.mark.django_db
def test_time_in_state_of_one_socialtilsyn_leaves_the_others_out(history, case, tilsyn):
    figures = _figures(
        state_durations(ProcessScope(socialtilsyn_id=tilsyn.pk, target_group_id=case.target_group_id), since=SINCE)
    )
    assert set(figures) == {(tilsyn.pk, State.OPRETTET), (tilsyn.pk, State.OPLYSNINGER_ANMODET)}


@pytest.mark.django_db
def test_time_in_state_counts_every_target_group_without_the_filter_and_only_spells_in_the_period(history, tilsyn):
    figures = _figures(state_durations(ProcessScope(socialtilsyn_id=tilsyn.pk), since=SINCE))
    # + the other target group's 30 days: 1, 2, 3, 10, 30 → median 3
    assert figures[(tilsyn.pk, State.OPRETTET)][:2] == (5, 3.0)
    only_other = _figures(
        state_durations(ProcessScope(socialtilsyn_id=tilsyn.pk, target_group_id=history.pk), since=SINCE)
    )
    assert only_other == {(tilsyn.pk, State.OPRETTET): pytest.approx((1, 30.0, 30.0))}
    # over two years the spell that ended some 300 days ago (100 days long) counts too
    two_years = _figures(state_durations(ProcessScope(socialtilsyn_id=tilsyn.pk), since=NOW - 730 * DAY))
    assert two_years[(tilsyn.pk, State.OPRETTET)][0] == 6


@pytest.mark.django_db
def test_time_in_state_reads_what_case_transition_records(case, tilsyn):
    """The service's own audit rows, not hand-made ones: opened, then two days later information requested."""
    opened = NOW - 10 * DAY
    Case.objects.filter(pk=case.pk).update(opened_at=opened)
    with time_machine.travel(opened + datetime.timedelta(days=2, hours=12), tick=False):
        case_transition(case=case, action=Action.REQUEST_INFORMATION, user=case.primary_consultant)
    with time_machine.travel(opened + datetime.timedelta(days=6), tick=False):
        case_transition(case=case, action=Action.CANCEL, user=case.primary_consultant, note="Lukker")
    figures = _figures(state_durations(ProcessScope(socialtilsyn_id=tilsyn.pk), since=SINCE))
    assert figures == {
        (tilsyn.pk, State.OPRETTET): pytest.approx((1, 2.5, 2.5)),
        (tilsyn.pk, State.OPLYSNINGER_ANMODET): pytest.approx((1, 3.5, 3.5)),
    }


@pytest.mark.django_db
def test_the_nightly_summary_holds_the_figures_computed_live_for_every_period_and_scope(
    history, case, tilsyn, other_tilsyn
):
    process_summary_refresh(now=NOW)
    today = timezone.localdate(NOW)
    for months in arithmetic.PERIOD_MONTHS:
        since = timezone.make_aware(
            datetime.datetime.combine(arithmetic.period_start(today, months), datetime.time.min)
        )
        for scope in (
            ProcessScope(socialtilsyn_id=None),
            ProcessScope(socialtilsyn_id=tilsyn.pk),
            ProcessScope(socialtilsyn_id=None, target_group_id=case.target_group_id),
            ProcessScope(socialtilsyn_id=other_tilsyn.pk, target_group_id=case.target_group_id),
            ProcessScope(socialtilsyn_id=tilsyn.pk, target_group_id=history.pk),
        ):
            live = state_durations(scope, since=since)
            assert live, (months, scope)
            assert summary_durations(scope, period_months=months) == pytest.approx(live)
    # 24 months reach the spell that ended some 300 days ago; 3 months do not
    nord = ProcessScope(socialtilsyn_id=tilsyn.pk)
    assert _figures(summary_durations(nord, period_months=24))[(tilsyn.pk, State.OPRETTET)][0] == 6
    assert _figures(summary_durations(nord, period_months=3))[(tilsyn.pk, State.OPRETTET)][0] == 5


@pytest.mark.django_db
def test_a_second_refresh_replaces_the_summary_instead_of_adding_to_it(history):
    first = process_summary_refresh(now=NOW)
    assert first > 0
    assert process_summary_refresh(now=NOW) == first


@pytest.mark.django_db
def test_the_page_figures_read_the_summary_of_the_chosen_period(history, case, tilsyn, other_tilsyn):
    process_summary_refresh(now=NOW)
    figures = process_figures(
        ProcessScope(socialtilsyn_id=None, target_group_id=case.target_group_id),
        tilsyn_choices=[other_tilsyn, tilsyn],
        today=timezone.localdate(NOW),
        period_months=6,
    )
    assert figures.since == datetime.date(2026, 5, 31)
    assert [group.socialtilsyn for group in figures.durations] == [None, tilsyn, other_tilsyn]
    overall = {row.state: row for row in figures.overall_durations.rows}
    assert (overall[State.OPRETTET].spells, overall[State.OPRETTET].median_days) == (5, 3.0)


@pytest.mark.django_db
def test_before_the_first_refresh_the_page_figures_say_so_and_show_no_durations(history, tilsyn):
    figures = process_figures(
        ProcessScope(socialtilsyn_id=tilsyn.pk), tilsyn_choices=[tilsyn], today=TODAY, period_months=12
    )
    assert figures.refreshed_at is None
    assert figures.durations == []
    assert figures.months[0] == datetime.date(2026, 12, 1)


# --- genvurderinger falling due, and what is overdue -------------------------------------------------------------


def _decided(case: Case, tilsyn: Socialtilsyn, valid_until: datetime.date) -> Decision:
    made = _clone(case, tilsyn=tilsyn, state=State.AFGJORT)
    return Decision.objects.create(
        case=made,
        level=2,
        explanation="Niveau 2",
        rule=made.rule,
        parameters={},
        valid_from=valid_until - datetime.timedelta(days=3 * 365),
        valid_until=valid_until,
        decided_by=made.primary_consultant,
    )


TODAY = datetime.date(2026, 12, 15)


@pytest.fixture
def decisions(case, tilsyn, other_tilsyn):
    """Decisions of Nord ending on chosen days around the month boundary and the new year; one of Syd."""
    for day in (
        datetime.date(2026, 12, 14),  # expired yesterday: overdue, not due
        datetime.date(2026, 12, 15),  # today: December
        datetime.date(2026, 12, 31),  # the last day of December
        datetime.date(2027, 1, 1),  # the first day of January, across the year change
        datetime.date(2027, 11, 30),  # the last day of the twelfth month
        datetime.date(2027, 12, 1),  # the thirteenth month: not counted
    ):
        _decided(case, tilsyn, day)
    _decided(case, other_tilsyn, datetime.date(2027, 1, 20))
    # a decision followed by a re-assessment is not the current one
    followed = _decided(case, tilsyn, datetime.date(2027, 2, 10))
    follow_up = _clone(case, tilsyn=tilsyn, state=State.OPRETTET)
    Case.objects.filter(pk=follow_up.pk).update(previous_case=followed.case)
    # made directly, not through decision_make: the current placements (whose expiry the page counts) rebuilt
    rebuild_placements()


@pytest.mark.django_db
def test_genvurderinger_fall_due_in_the_month_of_the_decisions_end_date_for_twelve_months(
    decisions, tilsyn, other_tilsyn
):
    counts = due_counts(ProcessScope(socialtilsyn_id=None), today=TODAY)
    assert counts == {
        (tilsyn.pk, datetime.date(2026, 12, 1)): 2,
        (tilsyn.pk, datetime.date(2027, 1, 1)): 1,
        (tilsyn.pk, datetime.date(2027, 11, 1)): 1,
        (other_tilsyn.pk, datetime.date(2027, 1, 1)): 1,
    }
    assert due_counts(ProcessScope(socialtilsyn_id=other_tilsyn.pk), today=TODAY) == {
        (other_tilsyn.pk, datetime.date(2027, 1, 1)): 1
    }


REFRESHED = datetime.datetime(2026, 12, 15, 4, 30, tzinfo=datetime.UTC)  # 05:30 in Copenhagen on TODAY


@pytest.mark.django_db
def test_the_summary_holds_the_same_genvurderinger_per_month_as_counted_live(decisions, case, tilsyn, other_tilsyn):
    process_summary_refresh(now=REFRESHED)
    for scope in (
        ProcessScope(socialtilsyn_id=None),
        ProcessScope(socialtilsyn_id=tilsyn.pk),
        ProcessScope(socialtilsyn_id=None, target_group_id=case.target_group_id),
    ):
        assert summary_due_counts(scope) == due_counts(scope, today=TODAY)
    assert (
        summary_due_counts(ProcessScope(socialtilsyn_id=None, target_group_id=factories.TargetGroupFactory().pk)) == {}
    )


@pytest.mark.django_db
def test_the_page_figures_show_every_month_with_zero_where_nothing_falls_due(decisions, tilsyn, other_tilsyn):
    process_summary_refresh(now=REFRESHED)
    figures = process_figures(
        ProcessScope(socialtilsyn_id=None), tilsyn_choices=[tilsyn, other_tilsyn], today=TODAY, period_months=12
    )
    assert figures.refreshed_at == REFRESHED
    assert figures.months[0] == datetime.date(2026, 12, 1)
    by_name = {series.socialtilsyn.name: series.counts for series in figures.due}
    assert by_name[tilsyn.name] == [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert by_name[other_tilsyn.name] == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert figures.month_totals[:2] == [2, 2]
    assert figures.due_total == 5


@pytest.mark.django_db
def test_overdue_counts_forms_hearings_and_expired_decisions_past_their_dates(decisions, case, tilsyn, other_tilsyn):
    consultant = case.primary_consultant
    for deadline, status, state in (
        (TODAY - DAY, InformationForm.Status.OPEN, State.OPLYSNINGER_ANMODET),  # overdue
        (TODAY - 5 * DAY, InformationForm.Status.SUPPLEMENT, State.SUPPLERING),  # overdue, the oldest
        (TODAY, InformationForm.Status.OPEN, State.OPLYSNINGER_ANMODET),  # due today: not yet
        (TODAY - DAY, InformationForm.Status.SUBMITTED, State.OPLYSNINGER_MODTAGET),  # submitted
    ):
        made = _clone(case, tilsyn=tilsyn, state=state)
        InformationForm.objects.create(
            case=made, template=case.form_template, deadline=deadline, requested_by=consultant, status=status
        )
    for deadline, closed, owner in (
        (TODAY - DAY, False, other_tilsyn),  # overdue
        (TODAY, False, other_tilsyn),  # ends today: not yet
        (TODAY - 3 * DAY, True, other_tilsyn),  # decided
    ):
        made = _clone(case, tilsyn=owner, state=State.PARTSHOERING if not closed else State.AFGJORT)
        Hearing.objects.create(case=made, draft={}, deadline=deadline, closed_at=timezone.now() if closed else None)
    # expired too, but its genvurdering is under way: not overdue
    being_reassessed = _decided(case, tilsyn, datetime.date(2026, 12, 1))
    follow_up = _clone(case, tilsyn=tilsyn, state=State.OPRETTET)
    Case.objects.filter(pk=follow_up.pk).update(previous_case=being_reassessed.case)
    rebuild_placements()
    found = {
        (r.socialtilsyn_id, r.kind): (r.count, r.oldest)
        for r in overdue_counts(ProcessScope(socialtilsyn_id=None), today=TODAY)
    }
    assert found == {
        (tilsyn.pk, OverdueKind.FORM): (2, TODAY - 5 * DAY),
        (other_tilsyn.pk, OverdueKind.HEARING): (1, TODAY - DAY),
        (tilsyn.pk, OverdueKind.EXPIRED): (1, datetime.date(2026, 12, 14)),
    }
    only_syd = overdue_counts(ProcessScope(socialtilsyn_id=other_tilsyn.pk), today=TODAY)
    assert [(r.kind, r.count) for r in only_syd] == [(OverdueKind.HEARING, 1)]
    figures = process_figures(
        ProcessScope(socialtilsyn_id=None), tilsyn_choices=[tilsyn, other_tilsyn], today=TODAY, period_months=12
    )
    total = figures.overdue[-1]
    assert total.socialtilsyn is None
    assert [total.count(k) for k in (OverdueKind.FORM, OverdueKind.HEARING, OverdueKind.EXPIRED)] == [2, 1, 1]
