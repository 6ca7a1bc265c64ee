"""The last steps of a case as rows: the leader's sign-off, the hearing, the decision and an appeal."""

import datetime
import hashlib
from dataclasses import dataclass
from functools import cached_property

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile

from assessments.domain.workflow import Action
from targetgroups.domain.model import Level
from targetgroups.domain.placement import place

from .content import result_snapshot
from .copy import dumps
from .steps import DAY, REASONS, CaseRef, Steps, long_date

# Every synthetic decision's report row points at one small PDF that says what it is, written once through the
# storage API (the local folder or the object store, whichever is configured): a download from the case page
# works, costs one file for the whole dataset, and nobody mistakes it for a real decision.
SYNTHETIC_REPORT_LINES = (
    "Syntetiske benchmarkdata (manage.py seed_scale)",
    "Dette er ikke en rigtig afgørelse. Datasættet er lavet til at måle systemet,",
    "og afgørelsens PDF/A er ikke dannet. Sagens oplysninger står på sagens side.",
)


def synthetic_report_pdf() -> bytes:
    """A one-page PDF with the lines above (Helvetica, WinAnsi: the Danish letters are single bytes)."""
    text = "".join(
        f"1 0 0 1 56 {780 - 22 * n} Tm ("
        + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        + ") Tj\n"
        for n, line in enumerate(SYNTHETIC_REPORT_LINES)
    )
    stream = f"BT\n/F1 12 Tf\n{text}ET\n".encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def store_synthetic_report() -> tuple[str, str, int]:
    """Write the placeholder PDF once (content-addressed, like the real reports) and return (name, sha256, size)."""
    from assessments.models import DecisionReport

    data = synthetic_report_pdf()
    digest = hashlib.sha256(data).hexdigest()
    name = f"decisions/synthetic/benchmark-{digest}.pdf"
    storage = DecisionReport._meta.get_field("file").storage  # type: ignore[attr-defined]
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(data))
        assert saved == name, (saved, name)
    return name, digest, len(data)


@dataclass(frozen=True)
class Result:
    """The reconciled result as the hearing and the decision store it, and the same as JSON (written once)."""

    data: dict
    json: str


class DecisionSteps(Steps):
    @cached_property
    def _results(self) -> dict[tuple[int, tuple[int, ...]], Result]:
        return {}

    @cached_property
    def synthetic_report(self) -> tuple[str, str, int]:
        return store_synthetic_report()

    # --- sign-off, hearing, decision -------------------------------------------------------------------------------

    def signoff(
        self, case: CaseRef, snapshot: Result, *, approved: bool, closed_at: datetime.datetime | None = None
    ) -> int | None:
        at = case.opened_at + 34 * DAY
        if not approved:
            signoff = self.t.signoff.add(
                case.id, 1, case.leader, False, "Begrundelserne skal uddybes.", '{"metoder": "Uddyb begrundelsen."}', at
            )
            self.move(case, at, case.leader, Action.RETURN_TO_CONSULTANTS)
            self.t.audit_row(
                at, case.leader, case.id, "signoff_return", "Returneret af leder", ("assessments.signoff", signoff)
            )
            self.t.notify(
                at,
                [case.primary, case.second],
                case.id,
                "case_returned",
                f"case_returned:signoff={signoff}",
                f"Returneret af leder: {case.reference}",
                f"/sager/{case.id}/",
            )
            return None
        self.t.signoff.add(case.id, 1, case.leader, True, "", "{}", at)
        deadline = (at + 14 * DAY).date()
        hearing = self.t.hearing.add(case.id, snapshot.json, at, deadline, closed_at)
        self.move(case, at, case.leader, Action.APPROVE)
        self.t.audit_row(
            at,
            case.leader,
            case.id,
            "signoff_approve",
            f"Godkendt af leder; partshøring til {long_date(at + 14 * DAY)}",
            ("assessments.hearing", hearing),
            after={"comment": "", "placement": snapshot.data["placement"]},
        )
        self.t.notify(
            at,
            [case.supplier_user],
            case.id,
            "hearing_started",
            f"hearing_started:hearing={hearing}",
            f"Partshøring: udkast til afgørelse om specialisering ({case.reference})",
            f"/sager/{case.id}/leverandoer/",
        )
        return hearing

    def hearing_comment(self, case: CaseRef, hearing: int) -> None:
        at = case.opened_at + 40 * DAY
        text = "Vi har ingen bemærkninger til udkastet."
        comment = self.t.comment.add(hearing, case.supplier_user, "", text, at)
        self.t.audit_row(
            at,
            case.supplier_user,
            case.id,
            "hearing_comment",
            "Bemærkning i partshøring",
            ("assessments.hearingcomment", comment),
            after={"text": text, "parameter": ""},
        )
        self.t.notify(
            at,
            [case.primary, case.second],
            case.id,
            "hearing_comment",
            f"hearing_comment:comment={comment}",
            f"Bemærkning i partshøringen ({case.reference})",
            f"/sager/{case.id}/",
        )

    def decide(
        self,
        case: CaseRef,
        snapshot: Result,
        decided_at: datetime.datetime,
        *,
        commented: bool,
        remedy_until: datetime.date | None,
    ) -> int:
        heard_from = case.opened_at + 34 * DAY
        summary = f"Leverandøren blev hørt fra {long_date(heard_from)} til {long_date(heard_from + 14 * DAY)} og " + (
            "kom med 1 bemærkning." if commented else "kom ikke med bemærkninger."
        )
        valid_from = decided_at.date()
        valid_until = valid_from + relativedelta(months=case.group.validity_months)
        placement = snapshot.data["placement"]
        decision = self.t.decision.add(
            case.id,
            1,
            placement["level"],
            placement["explanation"],
            case.group.rule.pk,
            snapshot.json,
            summary,
            valid_from,
            valid_until,
            remedy_until,
            case.primary,
            decided_at,
        )
        self.move(case, decided_at, case.primary, Action.DECIDE)
        self.t.audit_row(
            decided_at,
            case.primary,
            case.id,
            "decision_make",
            f"Afgørelse truffet (version 1): {placement['explanation']}",
            ("assessments.decision", decision),
            after={
                "level": placement["level"],
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat(),
            },
        )
        self.t.notify(
            decided_at,
            [case.supplier_user],
            case.id,
            "decision_made",
            f"decision_made:decision={decision}",
            f"Afgørelse om specialisering ({case.reference})",
            f"/sager/{case.id}/leverandoer/",
        )
        self.t.notify(
            decided_at,
            [case.primary, case.second, case.leader],
            case.id,
            "decision_made_staff",
            f"decision_made_staff:decision={decision}",
            f"Afgørelse truffet i {case.reference}",
            f"/sager/{case.id}/",
        )
        # The row is done; its file is the one placeholder PDF that says the data are synthetic (see above).
        name, digest, size = self.synthetic_report
        self.t.report.add(
            decision,
            "done",
            1,
            "",
            name,
            digest,
            size,
            decided_at,
            decided_at + datetime.timedelta(minutes=1),
        )
        return decision

    def appeal(self, case: CaseRef, decision: int, decided_at: datetime.datetime) -> None:
        at = decided_at + 10 * DAY
        appeal = self.t.appeal.add(
            decision,
            "Vi mener, at fagmiljøet er på højt niveau.",
            case.supplier_user,
            at,
            "pending",
            None,
            "",
            None,
            None,
        )
        self.move(case, at, case.supplier_user, Action.APPEAL)
        self.t.audit_row(
            at, case.supplier_user, case.id, "appeal_submit", "Klage modtaget", ("assessments.appeal", appeal)
        )
        self.t.notify(
            at,
            [case.primary, case.second, case.leader],
            case.id,
            "appeal_submitted",
            f"appeal_submitted:appeal={appeal}",
            f"Klage over afgørelsen i {case.reference}",
            f"/sager/{case.id}/",
        )

    def snapshot(self, case: CaseRef, final: list[int]) -> Result:
        """The result of the reconciled levels under the case's rule; the same levels in the same target group give
        the same result, so it is placed and written as JSON once (and never changed afterwards)."""
        key = (case.group.id, tuple(final))
        result = self._results.get(key)
        if result is None:
            placement = place([Level(x) for x in final], case.group.rule_settings)
            data = result_snapshot(final, placement, case.group.rule, REASONS)
            result = self._results[key] = Result(data, dumps(data))
        return result
