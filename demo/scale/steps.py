"""The base of the case steps: the case being written, opening it, and moving its state as the services do."""

import datetime
import random
from dataclasses import dataclass
from functools import cache

from assessments.domain.answers import DANISH_MONTHS
from assessments.domain.workflow import STATE_LABELS, TRANSITIONS, Action, State

from .content import Group
from .orgs import Staff, Unit
from .tables import Tables

LABELS = {s.value: label for s, label in STATE_LABELS.items()}
REASONS = "Vurderet ud fra skemaets svar, bilagene og opfølgningsinterviewet (skaleringsdata)."
MESSAGE = "Udfyld venligst skemaet. Svarene gemmes undervejs, så I kan tage det i flere omgange."
DAY = datetime.timedelta(days=1)


def long_date(value: datetime.datetime) -> str:
    """'21. december 2026', as the services' date format writes it in Danish."""
    return f"{value.day}. {DANISH_MONTHS[value.month - 1]} {value.year}"


@dataclass
class CaseRef:
    """A case being written and the people in it."""

    id: int
    reference: str
    unit: Unit
    group: Group
    primary: int
    second: int
    leader: int
    supplier_user: int
    opened_at: datetime.datetime


class Steps:
    def __init__(
        self,
        rng: random.Random,
        tables: Tables,
        staff: Staff,
        codes: list[str],
        tilsyn_ids: list[int],
        references: dict[str, int],
    ) -> None:
        self.rng = rng
        self.t = tables
        self.staff = staff
        self.codes = codes
        self.tilsyn_ids = tilsyn_ids
        self.open_forms: list[tuple[CaseRef, int]] = []  # forms the supplier is filling in, for the reminders
        self.references = references  # prefix → numbers used so far (the services count them)

    # --- opening --------------------------------------------------------------------------------------------

    def open_case(
        self,
        unit: Unit,
        group: Group,
        opened_at: datetime.datetime,
        *,
        state: str,
        kind: str,
        previous: int | None,
        state_changed_at: datetime.datetime,
    ) -> CaseRef:
        rng = self.rng
        primary, second = rng.sample(self.staff.consultants[unit.tilsyn_index], 2)
        leader = rng.choice(self.staff.leaders[unit.tilsyn_index])
        prefix = f"ST-{self.codes[unit.tilsyn_index][:3].upper()}-{opened_at.year}-"
        number = self.references.get(prefix, 0) + 1
        self.references[prefix] = number
        reference = f"{prefix}{number:04d}"
        case_id = self.t.case.add(
            reference,
            kind,
            "double_blind",
            state,
            unit.supplier_id,
            unit.department_id,
            group.id,
            self.tilsyn_ids[unit.tilsyn_index],
            group.description_id,
            group.guide_id,
            group.template_id,
            group.rule.pk,
            primary,
            second,
            leader,
            previous,
            leader,
            1,
            opened_at,
            state_changed_at,
        )
        case = CaseRef(
            case_id,
            reference,
            unit,
            group,
            primary,
            second,
            leader,
            self.staff.supplier_user[unit.supplier_id],
            opened_at,
        )
        versions = {
            "rule": group.rule.pk,
            "guide": group.guide_id,
            "description": group.description_id,
            "form_template": group.template_id,
        }
        self.t.audit_row(
            opened_at,
            leader,
            case_id,
            "case_open",
            f"Sag oprettet for {unit.name}, {group.name}",
            ("assessments.case", case_id),
            after={
                "mode": "double_blind",
                "leader": leader,
                "versions": versions,
                "second_consultant": second,
                "primary_consultant": primary,
            },
        )
        self.t.notify(
            opened_at,
            [primary, second, leader],
            case_id,
            "case_assigned",
            f"case_assigned:case={case_id}",
            f"Ny sag: {reference} – {unit.name.split(' – ')[0]}",
            f"/sager/{case_id}/",
        )
        return case

    def move(self, case: CaseRef, at: datetime.datetime, actor: int, action: Action) -> None:
        self.t.transition(at, actor, case.id, *_transition_audit(action))


@cache
def _transition_audit(action: Action) -> tuple[str, str, str, str]:
    """What the audit row of a state change says, the same in every case: action, summary, the state before
    and after."""
    t = TRANSITIONS[action]
    old = next(iter(sorted(s.value for s in t.sources)))
    if action == Action.SUBMIT_INFORMATION:
        old = State.OPLYSNINGER_ANMODET.value
    new = t.target.value
    return f"transition:{action.value}", f"{t.label}: {LABELS[old]} → {LABELS[new]}", old, new
