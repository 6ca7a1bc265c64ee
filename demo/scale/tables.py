"""Every table the dataset writes, with its columns in one place, and the audit and outbox rows of an event."""

import datetime
from functools import cache
from html import escape

from assessments.models import ParameterJudgement

from .copy import CopyWriter, SharedValueTable, Table, dumps


@cache
def _state(state: str) -> str:
    """The before/after value of a transition's audit row (the same few states millions of times)."""
    return dumps({"state": state})


class Tables:
    def __init__(self, snapshots: dict[int, str]) -> None:
        """`snapshots`: the submission snapshot of a fully answered form, per target group (the value key)."""
        self.case = Table(
            "assessments_case",
            (
                "reference",
                "kind",
                "mode",
                "state",
                "supplier_id",
                "department_id",
                "target_group_id",
                "socialtilsyn_id",
                "description_id",
                "guide_id",
                "form_template_id",
                "rule_id",
                "primary_consultant_id",
                "second_consultant_id",
                "leader_id",
                "previous_case_id",
                "opened_by_id",
                "reconciliation_round",
                "opened_at",
                "state_changed_at",
            ),
        )
        self.form = Table(
            "assessments_informationform",
            (
                "case_id",
                "template_id",
                "status",
                "deadline",
                "requested_at",
                "requested_by_id",
                "message",
                "reused_from_id",
                "submitted_at",
                "accepted_at",
            ),
        )
        self.answer = Table(
            "assessments_answer",
            ("form_id", "question_id", "value", "revision", "carried_over", "updated_by_id", "updated_at"),
        )
        self.submission = SharedValueTable(
            "assessments_submission",
            ("form_id", "number", "submitted_at", "submitted_by_id"),
            column="snapshot",
            values=snapshots,
        )
        self.supplement = Table(
            "assessments_supplementrequest", ("form_id", "comment", "created_by_id", "created_at", "answered_at")
        )
        self.supplement_item = Table("assessments_supplementitem", ("request_id", "question_id", "comment"))
        self.judgement = Table("assessments_judgement", ("case_id", "author_id", "kind", "created_at", "submitted_at"))
        self.parameter = Table(
            "assessments_parameterjudgement",
            ("judgement_id", "parameter", "level", "reasons", "review_agrees", "review_reasons", "updated_at"),
        )
        self.cited_criteria = Table(
            ParameterJudgement.cited_criteria.through._meta.db_table, ("parameterjudgement_id", "guidecriterion_id")
        )
        self.cited_cells = Table(
            ParameterJudgement.cited_cells.through._meta.db_table, ("parameterjudgement_id", "descriptioncell_id")
        )
        self.reconciled = Table(
            "assessments_reconciledparameter",
            ("case_id", "parameter", "level", "reasons", "agreed_from_start", "updated_by_id", "updated_at"),
        )
        self.confirmation = Table(
            "assessments_reconciliationconfirmation", ("case_id", "round", "consultant_id", "confirmed_at")
        )
        self.signoff = Table(
            "assessments_signoff",
            ("case_id", "round", "leader_id", "approved", "comment", "parameter_comments", "decided_at"),
        )
        self.hearing = Table("assessments_hearing", ("case_id", "draft", "started_at", "deadline", "closed_at"))
        self.comment = Table(
            "assessments_hearingcomment", ("hearing_id", "author_id", "parameter", "text", "created_at")
        )
        self.decision = Table(
            "assessments_decision",
            (
                "case_id",
                "version",
                "level",
                "explanation",
                "rule_id",
                "parameters",
                "hearing_summary",
                "valid_from",
                "valid_until",
                "remedy_until",
                "decided_by_id",
                "decided_at",
            ),
        )
        self.report = Table(
            "assessments_decisionreport",
            ("decision_id", "status", "attempts", "last_error", "file", "sha256", "size", "created_at", "rendered_at"),
        )
        self.appeal = Table(
            "assessments_appeal",
            (
                "decision_id",
                "reasons",
                "submitted_by_id",
                "submitted_at",
                "outcome",
                "forwarded_at",
                "outcome_reasons",
                "handled_by_id",
                "handled_at",
            ),
        )
        self.audit = Table(
            "audit_auditentry",
            ("at", "actor_id", "case_id", "action", "summary", "object_type", "object_id", "before", "after"),
        )
        self.notification = Table(
            "notifications_notification",
            (
                "recipient_id",
                "case_id",
                "kind",
                "dedupe_key",
                "subject",
                "body_text",
                "body_html",
                "link",
                "created_at",
                "sent_at",
                "read_at",
                "attempts",
                "last_error",
                "last_attempt_at",
                "next_attempt_at",
                "gave_up_at",
            ),
        )

        self.writer: CopyWriter | None = None

    def all(self) -> list[Table]:
        return [t for t in vars(self).values() if isinstance(t, Table)]

    def flush_if_big(self, limit: int = 100_000) -> None:
        """Hand the rows collected so far to the COPY thread, in parent-first order (the order the tables are
        declared), keeping memory bounded."""
        if sum(len(t.rows) for t in self.all()) >= limit:
            self._submit()

    def _submit(self) -> None:
        if self.writer is None:
            self.writer = CopyWriter()
        self.writer.submit([(t, t.take()) for t in self.all() if t.rows])

    def finish(self) -> None:
        """Write the rest, wait for the COPY thread, then move the sequences on (and fill the shared values in)."""
        self._submit()
        self.close()
        for t in self.all():
            t.finish()

    def close(self) -> None:
        """Wait for the COPY thread and end it (re-raising its error); safe to call twice."""
        writer, self.writer = self.writer, None
        if writer is not None:
            try:
                writer.drain()
            finally:
                writer.close()

    # --- what the services write beside the rows of the event itself ---------------------------------------------

    def audit_row(
        self,
        at: datetime.datetime,
        actor: int | None,
        case: int,
        action: str,
        summary: str,
        obj: tuple[str, int],
        before: dict | None = None,
        after: dict | None = None,
        *,
        raw_before: str | None = None,
        raw_after: str | None = None,
    ) -> None:
        """`raw_before`/`raw_after`: the values already as JSON (instead of `before`/`after`)."""
        self.audit.add(
            at,
            actor,
            case,
            action,
            summary[:300],
            obj[0],
            str(obj[1]),
            raw_before if before is None else dumps(before),
            raw_after if after is None else dumps(after),
        )

    def transition(
        self, at: datetime.datetime, actor: int, case: int, action: str, summary: str, old: str, new: str
    ) -> None:
        """The audit row of a state change (`action`: e.g. 'transition:decide'; `old`, `new`: the states)."""
        self.audit_row(
            at, actor, case, action, summary, ("assessments.case", case), raw_before=_state(old), raw_after=_state(new)
        )

    def notify(
        self,
        at: datetime.datetime,
        recipients: list[int],
        case: int,
        kind: str,
        key: str,
        subject: str,
        link: str,
        *,
        sent: bool = True,
    ) -> None:
        body = f"{subject}\n\nSe mere i systemet: {link}\n"
        html = f'<p>{escape(subject)}</p><p><a href="{escape(link)}">Se mere i systemet</a></p>'
        for user in recipients:
            sent_at = at + datetime.timedelta(minutes=1) if sent else None
            self.notification.add(
                user,
                case,
                kind,
                f"{key}:user={user}"[:200],
                subject[:200],
                body,
                html,
                link,
                at,
                sent_at,
                None,
                1 if sent else 0,
                "",
                sent_at,
                None,
                None,
            )
