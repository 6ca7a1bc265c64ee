"""The case file (sagens akter) as one ZIP: PDFs of every document the asking user may see, the
supplier's attachments, and manifest.json (case facts, files with SHA-256, who and when, what was left out).

Staff of the case get everything visible to them (the blindness rule holds for a colleague's judgement).
The supplier's users get the documents exchanged with them: submissions and attachments, hearing drafts
with their comments, the reconciled result once in hearing, decisions, appeals and change notices; never
interview notes, individual judgements or the internal history. The manifest says so, in Danish.
"""

import hashlib
import json
import logging
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.domain.workflow import STATE_LABELS, State
from assessments.models import (
    Appeal,
    Attachment,
    Case,
    ChangeNotice,
    Decision,
    DecisionReport,
    Hearing,
    InterviewNote,
    Judgement,
    Submission,
)
from assessments.selectors.casefile import Scope, casefile_scope, history_rows, person, role_on_case
from assessments.selectors.decisions import result_snapshot
from assessments.selectors.review import judgements_visible_to

from . import casefile_pdf, decision_pdf
from .forms_pdf import submission_pdf_bytes
from .pdf import ascii_filename

log = logging.getLogger(__name__)

# The reconciled result is the supplier's to see once it has been sent in hearing (and after the decision).
RESULT_SHARED_STATES = {State.PARTSHOERING, State.AFGJORT, State.KLAGE}

WITHHELD_FROM_SUPPLIER = [
    {
        "dokument": "Interviewnoter",
        "begrundelse": "Socialtilsynets egne noter fra interviewet er interne arbejdsdokumenter. "
        "De oplysninger, der har betydning for vurderingen, fremgår af begrundelserne i udkastet og afgørelsen.",
    },
    {
        "dokument": "Konsulenternes individuelle vurderinger",
        "begrundelse": "Hver konsulents egen, uafhængige vurdering er et internt arbejdsdokument. "
        "Det fælles, afstemte resultat med begrundelser er med, når det er sendt i partshøring.",
    },
    {
        "dokument": "Sagens interne historik og lederens kvalitetssikring",
        "begrundelse": "Revisionssporet og lederens bemærkninger er interne arbejdsdokumenter i socialtilsynet.",
    },
]
NOTE_TO_SUPPLIER = (
    "Dette er leverandørens aktindsigt i sagen: de dokumenter, der er udvekslet mellem leverandøren og "
    "socialtilsynet. Socialtilsynets interne arbejdsdokumenter er ikke med; listen 'withheld' nævner dem og "
    "begrunder hvorfor. Kontakt socialtilsynet, hvis I mener, at noget mangler."
)
NOTE_TO_STAFF = "Sagens akter, som de er synlige for den, der har hentet dem."


@dataclass
class CaseFile:
    """The ZIP on disk (a temporary file, rewound) and its manifest."""

    file: IO[bytes]
    manifest: dict[str, Any]
    filename: str


@dataclass
class _Builder:
    zip: zipfile.ZipFile
    files: list[dict[str, Any]] = field(default_factory=list)
    withheld: list[dict[str, str]] = field(default_factory=list)

    def add(self, path: str, title: str, data: bytes, content_type: str = "application/pdf") -> None:
        info = zipfile.ZipInfo(path, date_time=timezone.localtime().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16  # readable files when unpacked, not the 0600 writestr defaults to
        self.zip.writestr(info, data)
        self.files.append(
            {
                "path": path,
                "title": title,
                "content_type": content_type,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )

    def add_rendered(self, path: str, title: str, render: Callable[[], bytes]) -> None:
        """Render and add one document; a document that cannot be produced is listed as missing, not fatal."""
        try:
            data = render()
        except Exception as exc:  # a broken document must not take the whole aktindsigt down
            log.exception("case file: could not render %s", path)
            self.withheld.append({"dokument": title, "begrundelse": f"Kunne ikke dannes ({type(exc).__name__})."})
            return
        self.add(path, title, data)


def _decision_pdf(decision: Decision) -> bytes:
    """The archived report when it is done; else rendered now (the same function the archive uses)."""
    report = getattr(decision, "report", None)
    if report is not None and report.status == DecisionReport.Status.DONE and report.file:
        with report.file.open("rb") as fh:
            return fh.read()
    return decision_pdf.decision_pdf_bytes(decision)


def _case_facts(case: Case) -> dict[str, Any]:
    return {
        "sagsnummer": case.reference,
        "leverandoer": case.supplier.name,
        "cvr": case.supplier.cvr,
        "afdeling": case.department.name if case.department is not None else None,
        "maalgruppe": str(case.target_group),
        "socialtilsyn": case.socialtilsyn.name,
        "status": STATE_LABELS[State(case.state)],
        "sagstype": case.get_kind_display(),
        "arbejdsform": case.get_mode_display(),
        "oprettet": timezone.localtime(case.opened_at).isoformat(),
        "primaer_konsulent": person(case.primary_consultant),
        "anden_konsulent": person(case.second_consultant),
        "leder": person(case.leader),
    }


def _submissions(b: _Builder, case: Case) -> None:
    submissions = list(Submission.objects.filter(form__case=case).order_by("number"))
    for s in submissions:
        b.add_rendered(
            f"02-oplysningsskema-indsendelse-{s.number}.pdf",
            f"Oplysningsskema, indsendelse {s.number}",
            partial(submission_pdf_bytes, s),
        )
    # The attachments the submissions list (by content hash): the supplier's own documents, as sent.
    hashes = {
        a.get("sha256")
        for s in submissions
        for answer in (s.snapshot.get("answers") or {}).values()
        for a in answer.get("attachments") or ()
    } - {None, ""}
    if not hashes:
        return
    seen: set[str] = set()
    for attachment in Attachment.objects.filter(answer__form__case=case, sha256__in=hashes).order_by("uploaded_at"):
        if attachment.sha256 in seen:
            continue
        seen.add(attachment.sha256)
        try:
            with attachment.file.open("rb") as fh:
                data = fh.read()
        except OSError:
            b.withheld.append({"dokument": attachment.original_name, "begrundelse": "Filen kunne ikke læses."})
            continue
        name = ascii_filename(attachment.original_name)
        b.add(
            f"bilag/{attachment.sha256[:8]}-{name}", f"Bilag: {attachment.original_name}", data, attachment.content_type
        )


def _judgements(b: _Builder, user, case: Case) -> None:
    visible = judgements_visible_to(user, case)
    for j in visible:
        b.add_rendered(
            f"04-vurdering-{ascii_filename(j.author.get_username())}.pdf",
            f"Vurdering af {person(j.author)}",
            partial(casefile_pdf.judgement_pdf_bytes, case, j),
        )
    hidden = Judgement.objects.filter(case=case).exclude(pk__in=[j.pk for j in visible]).select_related("author")
    for j in hidden:
        b.withheld.append(
            {
                "dokument": f"Vurdering af {person(j.author)}",
                "begrundelse": "Blind vurdering: en kollegas vurdering kan ses, når begge vurderinger er afgivet.",
            }
        )


def _reconciled(b: _Builder, case: Case, *, for_supplier: bool) -> None:
    if case.reconciled.count() == 0:
        return
    if for_supplier and State(case.state) not in RESULT_SHARED_STATES:
        return
    try:
        snapshot = result_snapshot(case)
    except ValidationError:
        if not for_supplier:
            b.withheld.append(
                {"dokument": "Afstemt resultat", "begrundelse": "Ikke alle otte parametre er afstemt endnu."}
            )
        return
    b.add_rendered(
        "05-afstemt-resultat.pdf",
        "Afstemt resultat",
        lambda: casefile_pdf.result_pdf_bytes(
            case,
            snapshot,
            title=f"Afstemt resultat for {case.subject_name}",
            intro="Konsulenternes fælles resultat pr. parameter, som det står nu, med begrundelser og indplacering.",
        ),
    )


def _hearings(b: _Builder, case: Case) -> None:
    hearings = Hearing.objects.filter(case=case).prefetch_related("comments__author").order_by("started_at")
    for number, hearing in enumerate(hearings, start=1):
        b.add_rendered(
            f"06-partshoering-{number}.pdf",
            f"Partshøring {number}: udkast og bemærkninger",
            partial(
                casefile_pdf.result_pdf_bytes,
                case,
                hearing.draft,
                title=f"Udkast i partshøring {number}",
                intro="Det udkast, leverandøren blev hørt over, og leverandørens bemærkninger.",
                hearing=hearing,
            ),
        )


def _decisions(b: _Builder, case: Case) -> None:
    for decision in Decision.objects.filter(case=case).select_related("report").order_by("version"):
        b.add_rendered(
            f"07-afgoerelse-v{decision.version}.pdf",
            f"Afgørelse, version {decision.version}",
            partial(_decision_pdf, decision),
        )


def _appeals(b: _Builder, case: Case) -> None:
    appeals = list(
        Appeal.objects.filter(decision__case=case)
        .select_related("decision", "submitted_by", "handled_by")
        .order_by("submitted_at")
    )
    notices = list(
        ChangeNotice.objects.filter(case=case).select_related("submitted_by", "handled_by").order_by("submitted_at")
    )
    if appeals or notices:
        b.add_rendered(
            "08-klager-og-aendringsanmeldelser.pdf",
            "Klager og ændringsanmeldelser",
            lambda: casefile_pdf.appeals_pdf_bytes(case, appeals, notices),
        )


def case_file_build(*, user, case: Case) -> CaseFile:
    """Build the case file for `user` in a temporary file. Raises PermissionError when the user has no part.

    The caller streams `file` and closes it. Everything is read at call time; nothing is stored.
    """
    scope = casefile_scope(user, case)
    if scope is None:
        raise PermissionError("no access to this case file")
    for_supplier = scope == Scope.SUPPLIER
    case = Case.objects.select_related(
        "supplier",
        "department",
        "target_group",
        "socialtilsyn",
        "primary_consultant",
        "second_consultant",
        "leader",
        "rule",
        "guide",
    ).get(pk=case.pk)
    now = timezone.localtime()
    # The caller streams and closes it (FileResponse closes the file when the response is done).
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        b = _Builder(zip=archive)
        history = None if for_supplier else history_rows(user, case)
        b.add_rendered(
            "01-sagsoverblik-og-historik.pdf" if history is not None else "01-sagsoverblik.pdf",
            "Sagsoverblik og historik" if history is not None else "Sagsoverblik",
            lambda: casefile_pdf.overview_pdf_bytes(case, history=history, generated_by=user),
        )
        _submissions(b, case)
        if not for_supplier:
            notes = list(InterviewNote.objects.filter(case=case).select_related("author").order_by("-held_on", "-pk"))
            if notes:
                b.add_rendered(
                    "03-interviewnoter.pdf",
                    "Interviewnoter",
                    lambda: casefile_pdf.interview_notes_pdf_bytes(case, notes),
                )
            _judgements(b, user, case)
        _reconciled(b, case, for_supplier=for_supplier)
        _hearings(b, case)
        _decisions(b, case)
        _appeals(b, case)
        withheld = (WITHHELD_FROM_SUPPLIER if for_supplier else []) + b.withheld
        manifest = {
            "case": _case_facts(case),
            "scope": "leverandoerens_aktindsigt" if for_supplier else "medarbejder",
            "note": NOTE_TO_SUPPLIER if for_supplier else NOTE_TO_STAFF,
            "generated_at": now.isoformat(),
            "generated_by": {
                "username": user.get_username(),
                "name": person(user),
                "role_on_case": role_on_case(user, case),
            },
            "files": b.files,
            "withheld": withheld,
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    spool.seek(0)
    filename = f"sagsakter-{case.reference}-{now:%Y-%m-%d}.zip"
    return CaseFile(file=spool, manifest=manifest, filename=filename)
