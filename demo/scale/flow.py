"""The steps every case goes through, written as rows: one method per step, shared by decided and open cases."""

from assessments.domain.workflow import Action

from .content import PARAMETERS
from .decision_steps import DecisionSteps
from .steps import DAY, MESSAGE, REASONS, CaseRef, long_date


class Flow(DecisionSteps):
    # --- the oplysningsskema -----------------------------------------------------------------------------------

    def form(self, case: CaseRef, *, status: str, answered: float, submitted: bool, accepted: bool) -> int:
        """The form as requested (every question gets an answer row), filled in to `answered`, maybe submitted."""
        at = case.opened_at + DAY
        deadline = (at + 21 * DAY).date()
        submitted_at = at + 14 * DAY if submitted else None
        accepted_at = at + 17 * DAY if accepted else None
        form_id = self.t.form.add(
            case.id,
            case.group.template_id,
            status,
            deadline,
            at,
            case.primary,
            MESSAGE,
            None,
            submitted_at,
            accepted_at,
        )
        self.move(case, at, case.primary, Action.REQUEST_INFORMATION)
        self.t.audit_row(
            at,
            case.primary,
            case.id,
            "form_request",
            f"Oplysningsskema anmodet med frist {long_date(at + 21 * DAY)}",
            ("assessments.informationform", form_id),
            after={"deadline": deadline.isoformat(), "reused_from": None},
        )
        self.t.notify(
            at,
            [case.supplier_user],
            case.id,
            "form_requested",
            f"form_requested:form={form_id}",
            f"Oplysningsskema til udfyldelse – frist {long_date(at + 21 * DAY)} ({case.reference})",
            f"/sager/{case.id}/skema/",
        )
        saved = at + 7 * DAY
        for q in case.group.questions:
            filled = q.value_json is not None and (answered >= 1 or self.rng.random() < answered)
            if filled:
                self.t.answer.add(form_id, q.id, q.value_json, 1, False, case.supplier_user, saved)
            else:
                self.t.answer.add(form_id, q.id, None, 0, False, None, at)
        if submitted_at:
            sub_id = self.t.submission.add(form_id, 1, submitted_at, case.supplier_user, case.group.id)
            self.move(case, submitted_at, case.supplier_user, Action.SUBMIT_INFORMATION)
            self.t.audit_row(
                submitted_at,
                case.supplier_user,
                case.id,
                "form_submit",
                "Oplysningsskema indsendt (indsendelse 1)",
                ("assessments.submission", sub_id),
            )
            self.t.notify(
                submitted_at,
                [case.primary, case.second],
                case.id,
                "form_submitted",
                f"form_submitted:form={form_id}:n=1",
                f"Oplysningsskema modtaget fra {case.unit.name.split(' – ')[0]} ({case.reference})",
                f"/sager/{case.id}/oplysninger/",
            )
        if accepted_at:
            self.move(case, accepted_at, case.primary, Action.ACCEPT_INFORMATION)
            self.t.audit_row(
                accepted_at,
                case.primary,
                case.id,
                "form_accept",
                "Oplysninger godkendt",
                ("assessments.informationform", form_id),
            )
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
        self.t.audit_row(
            start, author, case.id, "judgement_start", "Vurdering påbegyndt", ("assessments.judgement", judgement)
        )
        # In every second case (by id) each parameter judgement cites the guide's criteria for its parameter and
        # level, in every eighth also the first description box those criteria point to: the calibration page
        # has citations to count at national scale.
        cites, cells = case.id % 2 == 0, case.id % 8 == 0
        for parameter, level in zip(PARAMETERS, levels, strict=True):
            pj = self.t.parameter.add(judgement, parameter, level, REASONS if level else "", None, "", done)
            if cites and level:
                criteria = case.group.criteria.get((parameter, level), ())
                for criterion in criteria:
                    self.t.cited_criteria.add(pj, criterion)
                if cells:
                    boxes = [case.group.first_cell[c] for c in criteria if c in case.group.first_cell]
                    if boxes:
                        self.t.cited_cells.add(pj, min(boxes))
        if submitted:
            self.t.audit_row(
                done, author, case.id, "judgement_submit", "Vurdering afgivet", ("assessments.judgement", judgement)
            )

    def judgements_complete(self, case: CaseRef) -> None:
        at = case.opened_at + 29 * DAY
        self.move(case, at, case.second, Action.COMPLETE_JUDGEMENTS)
        self.t.notify(
            at,
            [case.primary, case.second],
            case.id,
            "judgements_complete",
            f"judgements_complete:case={case.id}",
            f"Begge vurderinger er afgivet ({case.reference})",
            f"/sager/{case.id}/",
        )

    def reconcile(
        self, case: CaseRef, final: list[int], first: list[int], second: list[int], *, count: int = 8, confirmed: bool
    ) -> None:
        at = case.opened_at + 31 * DAY
        agreed = {}
        for parameter, level, a, b in list(zip(PARAMETERS, final, first, second, strict=True))[:count]:
            self.t.reconciled.add(case.id, parameter, level, REASONS, a == b == level, case.primary, at)
            if a == b == level:
                agreed[parameter] = level
        self.t.audit_row(
            at,
            case.primary,
            case.id,
            "reconciliation_accept_agreed",
            f"{len(agreed)} enige parametre overtaget",
            ("assessments.case", case.id),
            after=agreed,
        )
        if confirmed:
            for consultant in (case.primary, case.second):
                conf = self.t.confirmation.add(case.id, 1, consultant, at + DAY)
                self.t.audit_row(
                    at + DAY,
                    consultant,
                    case.id,
                    "reconciliation_confirm",
                    "Afstemning bekræftet",
                    ("assessments.reconciliationconfirmation", conf),
                )
            self.move(case, at + DAY, case.second, Action.SUBMIT_FOR_SIGNOFF)
            self.t.notify(
                at + DAY,
                [case.leader],
                case.id,
                "signoff_requested",
                f"signoff_requested:case={case.id}:round=1",
                f"Til godkendelse: {case.reference} – {case.unit.name.split(' – ')[0]}",
                f"/sager/{case.id}/",
            )
