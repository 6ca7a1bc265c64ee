"""The steps every case goes through, written as rows: one function per step, shared by decided and open cases."""

import datetime
import hashlib
import random
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from assessments.domain.workflow import STATE_LABELS, TRANSITIONS, Action, State
from targetgroups.domain.model import Level
from targetgroups.domain.placement import place

from .content import PARAMETERS, Group, result_snapshot
from .orgs import Staff, Unit
from .copy import dumps
from .tables import Tables

LABELS = {s.value: label for s, label in STATE_LABELS.items()}
REASONS = "Vurderet ud fra skemaets svar, bilagene og opfølgningsinterviewet (skaleringsdata)."
MESSAGE = "Udfyld venligst skemaet. Svarene gemmes undervejs, så I kan tage det i flere omgange."
DAY = datetime.timedelta(days=1)


def _d(value: datetime.datetime) -> str:
    return f"{value.day}. {('januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december')[value.month - 1]} {value.year}"  # noqa: E501


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


class Flow:
    def __init__(self, rng: random.Random, tables: Tables, staff: Staff, codes: list[str], tilsyn_ids: list[int],
                 references: dict[str, int]) -> None:
        self.rng = rng
        self.t = tables
        self.staff = staff
        self.codes = codes
        self.tilsyn_ids = tilsyn_ids
        self.references = references  # prefix → numbers used so far (the services count them)

    # --- opening --------------------------------------------------------------------------------------------

    def open_case(self, unit: Unit, group: Group, opened_at: datetime.datetime, *, state: str, kind: str,
                  previous: int | None, state_changed_at: datetime.datetime) -> CaseRef:
        rng = self.rng
        primary, second = rng.sample(self.staff.consultants[unit.tilsyn_index], 2)
        leader = rng.choice(self.staff.leaders[unit.tilsyn_index])
        prefix = f"ST-{self.codes[unit.tilsyn_index][:3].upper()}-{opened_at.year}-"
        number = self.references.get(prefix, 0) + 1
        self.references[prefix] = number
        reference = f"{prefix}{number:04d}"
        case_id = self.t.case.add(
            reference, kind, "double_blind", state, unit.supplier_id, unit.department_id, group.id,
            self.tilsyn_ids[unit.tilsyn_index], group.description_id, group.guide_id, group.template_id,
            group.rule.pk, primary, second, leader, previous, leader, 1, opened_at, state_changed_at,
        )
        case = CaseRef(case_id, reference, unit, group, primary, second, leader,
                       self.staff.supplier_user[unit.supplier_id], opened_at)
        versions = {"rule": group.rule.pk, "guide": group.guide_id, "description": group.description_id,
                    "form_template": group.template_id}
        self.t.audit_row(opened_at, leader, case_id, "case_open", f"Sag oprettet for {unit.name}, {group.name}",
                         ("assessments.case", case_id),
                         after={"mode": "double_blind", "leader": leader, "versions": versions,
                                "second_consultant": second, "primary_consultant": primary})
        self.t.notify(opened_at, [primary, second, leader], case_id, "case_assigned", f"case_assigned:case={case_id}",
                      f"Ny sag: {reference} – {unit.name.split(' – ')[0]}", f"/sager/{case_id}/")
        return case

    def move(self, case: CaseRef, at: datetime.datetime, actor: int, action: Action) -> None:
        t = TRANSITIONS[action]
        old = next(iter(sorted(s.value for s in t.sources)))
        if action == Action.SUBMIT_INFORMATION:
            old = State.OPLYSNINGER_ANMODET.value
        self.t.transition(at, actor, case.id, action.value, t.label, old, t.target.value, LABELS)

    # --- the oplysningsskema -----------------------------------------------------------------------------------

    def form(self, case: CaseRef, *, status: str, answered: float, submitted: bool, accepted: bool) -> int:
        """The form as requested (every question gets an answer row), filled in to `answered`, maybe submitted."""
        at = case.opened_at + DAY
        deadline = (at + 21 * DAY).date()
        submitted_at = at + 14 * DAY if submitted else None
        accepted_at = at + 17 * DAY if accepted else None
        form_id = self.t.form.add(case.id, case.group.template_id, status, deadline, at, case.primary, MESSAGE,
                                  None, submitted_at, accepted_at)
        self.move(case, at, case.primary, Action.REQUEST_INFORMATION)
        self.t.audit_row(at, case.primary, case.id, "form_request",
                         f"Oplysningsskema anmodet med frist {_d(at + 21 * DAY)}",
                         ("assessments.informationform", form_id),
                         after={"deadline": deadline.isoformat(), "reused_from": None})
        self.t.notify(at, [case.supplier_user], case.id, "form_requested", f"form_requested:form={form_id}",
                      f"Oplysningsskema til udfyldelse – frist {_d(at + 21 * DAY)} ({case.reference})",
                      f"/sager/{case.id}/skema/")
        saved = at + 7 * DAY
        for q in case.group.questions:
            filled = q.value_json is not None and (answered >= 1 or self.rng.random() < answered)
            if filled:
                self.t.answer.add(form_id, q.id, q.value_json, 1, False, case.supplier_user, saved)
            else:
                self.t.answer.add(form_id, q.id, None, 0, False, None, at)
        if submitted_at:
            sub_id = self.t.submission.add(form_id, 1, submitted_at, case.supplier_user, case.group.snapshot_json)
            self.move(case, submitted_at, case.supplier_user, Action.SUBMIT_INFORMATION)
            self.t.audit_row(submitted_at, case.supplier_user, case.id, "form_submit",
                             "Oplysningsskema indsendt (indsendelse 1)", ("assessments.submission", sub_id))
            self.t.notify(submitted_at, [case.primary, case.second], case.id, "form_submitted",
                          f"form_submitted:form={form_id}:n=1",
                          f"Oplysningsskema modtaget fra {case.unit.name.split(' – ')[0]} ({case.reference})",
                          f"/sager/{case.id}/oplysninger/")
        if accepted_at:
            self.move(case, accepted_at, case.primary, Action.ACCEPT_INFORMATION)
            self.t.audit_row(accepted_at, case.primary, case.id, "form_accept", "Oplysninger godkendt",
                             ("assessments.informationform", form_id))
        return form_id

    # --- the judgements and the reconciliation -------------------------------------------------------------------

    def levels(self) -> tuple[list[int], list[int], list[int]]:
        """The reconciled levels and the two independent judgements that led to them."""
        base = self.rng.choices((1, 2, 3), weights=(2, 5, 3))[0]
        final = [min(3, max(1, base + self.rng.choice((0, 0, 0, 0, 1, -1)))) for _ in PARAMETERS]
        first = [lv if self.rng.random() < 0.8 else min(3, max(1, lv + self.rng.choice((1, -1)))) for lv in final]
        second = [lv if self.rng.random() < 0.8 else min(3, max(1, lv + self.rng.choice((1, -1)))) for lv in final]
        return final, first, second

    def judge(self, case: CaseRef, author: int, levels: list[int | None], *, submitted: bool) -> None:
        start = case.opened_at + 19 * DAY
        done = case.opened_at + 29 * DAY
        judgement = self.t.judgement.add(case.id, author, "independent", start, done if submitted else None)
        self.t.audit_row(start, author, case.id, "judgement_start", "Vurdering påbegyndt",
                         ("assessments.judgement", judgement))
        for parameter, level in zip(PARAMETERS, levels, strict=True):
            self.t.parameter.add(judgement, parameter, level, REASONS if level else "", None, "", done)
        if submitted:
            self.t.audit_row(done, author, case.id, "judgement_submit", "Vurdering afgivet",
                             ("assessments.judgement", judgement))

    def judgements_complete(self, case: CaseRef) -> None:
        at = case.opened_at + 29 * DAY
        self.move(case, at, case.second, Action.COMPLETE_JUDGEMENTS)
        self.t.notify(at, [case.primary, case.second], case.id, "judgements_complete",
                      f"judgements_complete:case={case.id}", f"Begge vurderinger er afgivet ({case.reference})",
                      f"/sager/{case.id}/")

    def reconcile(self, case: CaseRef, final: list[int], first: list[int], second: list[int], *, count: int = 8,
                  confirmed: bool) -> None:
        at = case.opened_at + 31 * DAY
        agreed = {}
        for parameter, level, a, b in list(zip(PARAMETERS, final, first, second, strict=True))[:count]:
            self.t.reconciled.add(case.id, parameter, level, REASONS, a == b == level, case.primary, at)
            if a == b == level:
                agreed[parameter] = level
        self.t.audit_row(at, case.primary, case.id, "reconciliation_accept_agreed",
                         f"{len(agreed)} enige parametre overtaget", ("assessments.case", case.id), after=agreed)
        if confirmed:
            for consultant in (case.primary, case.second):
                conf = self.t.confirmation.add(case.id, 1, consultant, at + DAY)
                self.t.audit_row(at + DAY, consultant, case.id, "reconciliation_confirm", "Afstemning bekræftet",
                                 ("assessments.reconciliationconfirmation", conf))
            self.move(case, at + DAY, case.second, Action.SUBMIT_FOR_SIGNOFF)
            self.t.notify(at + DAY, [case.leader], case.id, "signoff_requested",
                          f"signoff_requested:case={case.id}:round=1",
                          f"Til godkendelse: {case.reference} – {case.unit.name.split(' – ')[0]}",
                          f"/sager/{case.id}/")


    # --- sign-off, hearing, decision -------------------------------------------------------------------------------

    def signoff(
        self, case: CaseRef, snapshot: dict, *, approved: bool, closed_at: datetime.datetime | None = None
    ) -> int | None:
        at = case.opened_at + 34 * DAY
        if not approved:
            signoff = self.t.signoff.add(case.id, 1, case.leader, False, "Begrundelserne skal uddybes.",
                                         '{"metoder": "Uddyb begrundelsen."}', at)
            self.move(case, at, case.leader, Action.RETURN_TO_CONSULTANTS)
            self.t.audit_row(at, case.leader, case.id, "signoff_return", "Returneret af leder",
                             ("assessments.signoff", signoff))
            self.t.notify(at, [case.primary, case.second], case.id, "case_returned", f"case_returned:signoff={signoff}",
                          f"Returneret af leder: {case.reference}", f"/sager/{case.id}/")
            return None
        self.t.signoff.add(case.id, 1, case.leader, True, "", "{}", at)
        deadline = (at + 14 * DAY).date()
        hearing = self.t.hearing.add(case.id, dumps(snapshot), at, deadline, closed_at)
        self.move(case, at, case.leader, Action.APPROVE)
        self.t.audit_row(at, case.leader, case.id, "signoff_approve",
                         f"Godkendt af leder; partshøring til {_d(at + 14 * DAY)}", ("assessments.hearing", hearing),
                         after={"comment": "", "placement": snapshot["placement"]})
        self.t.notify(at, [case.supplier_user], case.id, "hearing_started", f"hearing_started:hearing={hearing}",
                      f"Partshøring: udkast til afgørelse om specialisering ({case.reference})",
                      f"/sager/{case.id}/leverandoer/")
        return hearing

    def hearing_comment(self, case: CaseRef, hearing: int) -> None:
        at = case.opened_at + 40 * DAY
        text = "Vi har ingen bemærkninger til udkastet."
        comment = self.t.comment.add(hearing, case.supplier_user, "", text, at)
        self.t.audit_row(at, case.supplier_user, case.id, "hearing_comment", "Bemærkning i partshøring",
                         ("assessments.hearingcomment", comment), after={"text": text, "parameter": ""})
        self.t.notify(at, [case.primary, case.second], case.id, "hearing_comment",
                      f"hearing_comment:comment={comment}", f"Bemærkning i partshøringen ({case.reference})",
                      f"/sager/{case.id}/")

    def decide(self, case: CaseRef, snapshot: dict, decided_at: datetime.datetime, *, commented: bool,
               remedy_until: datetime.date | None) -> int:
        heard_from = case.opened_at + 34 * DAY
        summary = (
            f"Leverandøren blev hørt fra {_d(heard_from)} til {_d(heard_from + 14 * DAY)} og "
            + ("kom med 1 bemærkning." if commented else "kom ikke med bemærkninger.")
        )
        valid_from = decided_at.date()
        valid_until = valid_from + relativedelta(months=case.group.validity_months)
        placement = snapshot["placement"]
        decision = self.t.decision.add(
            case.id, 1, placement["level"], placement["explanation"], case.group.rule.pk, dumps(snapshot), summary,
            valid_from, valid_until, remedy_until, case.primary, decided_at,
        )
        self.move(case, decided_at, case.primary, Action.DECIDE)
        self.t.audit_row(decided_at, case.primary, case.id, "decision_make",
                         f"Afgørelse truffet (version 1): {placement['explanation']}",
                         ("assessments.decision", decision),
                         after={"level": placement["level"], "valid_from": valid_from.isoformat(),
                                "valid_until": valid_until.isoformat()})
        self.t.notify(decided_at, [case.supplier_user], case.id, "decision_made", f"decision_made:decision={decision}",
                      f"Afgørelse om specialisering ({case.reference})", f"/sager/{case.id}/leverandoer/")
        self.t.notify(decided_at, [case.primary, case.second, case.leader], case.id, "decision_made_staff",
                      f"decision_made_staff:decision={decision}", f"Afgørelse truffet i {case.reference}",
                      f"/sager/{case.id}/")
        # The PDF/A was rendered long ago: the row is done. The file itself is not written (see the command's help).
        digest = hashlib.sha256(f"{case.reference}:1".encode()).hexdigest()
        self.t.report.add(decision, "done", 1, "", f"decisions/{case.id}/v1-{digest}.pdf", digest, 48_000,
                          decided_at, decided_at + datetime.timedelta(minutes=1))
        return decision

    def appeal(self, case: CaseRef, decision: int, decided_at: datetime.datetime) -> None:
        at = decided_at + 10 * DAY
        appeal = self.t.appeal.add(decision, "Vi mener, at fagmiljøet er på højt niveau.", case.supplier_user, at,
                                   "pending", None, "", None, None)
        self.move(case, at, case.supplier_user, Action.APPEAL)
        self.t.audit_row(at, case.supplier_user, case.id, "appeal_submit", "Klage modtaget",
                         ("assessments.appeal", appeal))
        self.t.notify(at, [case.primary, case.second, case.leader], case.id, "appeal_submitted",
                      f"appeal_submitted:appeal={appeal}", f"Klage over afgørelsen i {case.reference}",
                      f"/sager/{case.id}/")

    def snapshot(self, case: CaseRef, final: list[int]) -> dict:
        placement = place([Level(x) for x in final], case.group.rule_settings)
        return result_snapshot(final, placement, case.group.rule, REASONS)
