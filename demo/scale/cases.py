"""Decided and open cases: which subject, when, in which state; the rows of each come from flow.Flow."""

import datetime
import random
from dataclasses import dataclass

from assessments.domain.workflow import Action, State

from .content import Group
from .flow import Flow
from .orgs import Unit
from .steps import DAY, CaseRef

# Every open state, and how many days back a case in it was opened at the least (its steps have happened).
OPEN_STATE_AGES: tuple[tuple[State, int], ...] = (
    (State.OPRETTET, 0),
    (State.OPLYSNINGER_ANMODET, 2),
    (State.OPLYSNINGER_MODTAGET, 16),
    (State.SUPPLERING, 17),
    (State.VURDERING, 20),
    (State.AFSTEMNING, 31),
    (State.TIL_GODKENDELSE, 34),
    (State.RETURNERET, 36),
    (State.PARTSHOERING, 36),
)


@dataclass(frozen=True)
class Decided:
    case: CaseRef
    level: int
    valid_until: datetime.date
    decision: int
    decided_on: datetime.date
    appealed: bool


def _at(now: datetime.datetime, rng: random.Random, days_ago: int) -> datetime.datetime:
    return now - days_ago * DAY - datetime.timedelta(seconds=rng.randrange(8 * 3600))


def decided_case(
    flow: Flow,
    unit: Unit,
    group: Group,
    now: datetime.datetime,
    *,
    days_ago: int,
    previous: "Decided | None",
    appealed: bool,
) -> Decided:
    """A case taken through every step to a decision (re-assessing `previous` when given)."""
    rng = flow.rng
    decided_at = _at(now, rng, days_ago)
    opened_at = decided_at - 50 * DAY
    state = State.KLAGE.value if appealed else State.AFGJORT.value
    changed = decided_at + 10 * DAY if appealed else decided_at
    kind = "first" if previous is None else rng.choice(("scheduled", "scheduled", "scheduled", "triggered"))
    case = flow.open_case(
        unit,
        group,
        opened_at,
        state=state,
        kind=kind,
        previous=previous.case.id if previous else None,
        state_changed_at=changed,
    )
    flow.form(case, status="accepted", answered=1, submitted=True, accepted=True)
    final, first, second = flow.levels()
    flow.judge(case, case.primary, list(first), submitted=True)
    flow.judge(case, case.second, list(second), submitted=True)
    flow.judgements_complete(case)
    flow.reconcile(case, final, first, second, confirmed=True)
    snapshot = flow.snapshot(case, final)
    hearing = flow.signoff(case, snapshot, approved=True, closed_at=decided_at)
    commented = rng.random() < 0.3
    if commented and hearing is not None:
        flow.hearing_comment(case, hearing)
    level = snapshot.data["placement"]["level"]
    remedy = None
    if previous is not None and level < previous.level:
        # A lower level after a re-assessment: the previous level holds while the supplier puts things right.
        remedy = decided_at.date() + datetime.timedelta(days=182)
    decision = flow.decide(case, snapshot, decided_at, commented=commented, remedy_until=remedy)
    if appealed:
        flow.appeal(case, decision, decided_at)
    valid_until = flow.t.decision.rows[-1][9]
    return Decided(case, level, valid_until, decision, decided_at.date(), appealed)


def open_case(
    flow: Flow, unit: Unit, group: Group, now: datetime.datetime, state: State, min_age: int, *, previous: int | None
) -> None:
    rng = flow.rng
    opened_at = _at(now, rng, min_age + rng.randint(1, 30))
    kind = "first" if previous is None else "scheduled"
    case = flow.open_case(
        unit,
        group,
        opened_at,
        state=state.value,
        kind=kind,
        previous=previous,
        state_changed_at=opened_at + min_age * DAY,
    )
    if state == State.OPRETTET:
        return
    if state == State.OPLYSNINGER_ANMODET:
        form = flow.form(case, status="open", answered=rng.random() * 0.9, submitted=False, accepted=False)
        flow.open_forms.append((case, form))
        return
    if state in (State.OPLYSNINGER_MODTAGET, State.SUPPLERING):
        status = "submitted" if state == State.OPLYSNINGER_MODTAGET else "supplement"
        form = flow.form(case, status=status, answered=1, submitted=True, accepted=False)
        if state == State.SUPPLERING:
            flow.open_forms.append((case, form))
        if state == State.SUPPLERING:
            at = opened_at + 16 * DAY
            request = flow.t.supplement.add(form, "Uddyb venligst svaret.", case.primary, at, None)
            flow.t.supplement_item.add(request, case.group.questions[0].id, "Svaret mangler eksempler.")
            flow.move(case, at, case.primary, Action.REQUEST_SUPPLEMENT)
            flow.t.notify(
                at,
                [case.supplier_user],
                case.id,
                "form_supplement",
                f"form_supplement:request={request}",
                f"Supplering af oplysningsskema ({case.reference})",
                f"/sager/{case.id}/skema/",
            )
        return
    flow.form(case, status="accepted", answered=1, submitted=True, accepted=True)
    final, first, second = flow.levels()
    if state == State.VURDERING:
        done = rng.randint(0, 8)
        flow.judge(case, case.primary, [*first[:done], *[None] * (8 - done)], submitted=False)
        return
    flow.judge(case, case.primary, list(first), submitted=True)
    flow.judge(case, case.second, list(second), submitted=True)
    flow.judgements_complete(case)
    if state == State.AFSTEMNING:
        flow.reconcile(case, final, first, second, count=rng.randint(0, 7), confirmed=False)
        return
    flow.reconcile(case, final, first, second, confirmed=True)
    if state == State.TIL_GODKENDELSE:
        return
    flow.signoff(case, flow.snapshot(case, final), approved=state == State.PARTSHOERING)
