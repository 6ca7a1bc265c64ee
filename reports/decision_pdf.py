"""The afgørelse (decision) with its assessment report, as an archivable, tagged PDF/A-3A.

What the decision says comes from the decision row itself: level, placement explanation and the frozen
result snapshot (per parameter level, reasons and cited evidence), hearing summary and dates. The case
supplies the facts (supplier, department, target group, the versions of description, guide, form template
and rule) and the people; the hearing, confirmations and sign-off supply the dates of who did what.

The PDF is rendered by a Celery task (assessments.services.reports.decision_report_render), never in a
request, and stored content-addressed. Its creation date is the moment of the decision, so rendering the
same decision version again gives the same bytes (and the same SHA-256).
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone

from accounts.models import User
from assessments.models import Case, Decision, Hearing, ReconciliationConfirmation, SignOff
from assessments.selectors.decisions import appeal_deadline
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, Level, SupplierParameter
from targetgroups.domain.placement import LEVEL_TEXT
from targetgroups.models import LevelChoices

from .pdf import render_pdf

TEMPLATE = "reports/decision.html"
TITLE = "Afgørelse om specialiseringsniveau"
LEVEL_LABELS = {int(value): str(label) for value, label in LevelChoices.choices}


@dataclass
class Evidence:
    questions: list[dict[str, Any]]
    criteria: list[dict[str, Any]]
    cells: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        return not (self.questions or self.criteria or self.cells)


@dataclass
class ParameterSection:
    id: str
    key: str
    label: str
    level: int
    level_label: str
    reasons: str
    evidence: Evidence
    comments: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Person:
    name: str
    role: str
    did: str
    at: Any  # an aware datetime, or None when the step is not recorded


def _person(user: User | None) -> str:
    return user.display_name if user is not None else "–"


def _parameter_sections(decision: Decision) -> list[ParameterSection]:
    sections = []
    for p in decision.parameters.get("parameters", []):
        criteria = [
            {**c, "level_label": LEVEL_LABELS.get(int(c.get("level") or 0), "")}
            for c in sorted(p.get("criteria", []), key=lambda c: (-int(c.get("level") or 0), c.get("id") or 0))
        ]
        sections.append(
            ParameterSection(
                id=f"parameter-{p['parameter']}",
                key=p["parameter"],
                label=p.get("label") or SUPPLIER_PARAMETER_LABELS.get(p["parameter"], p["parameter"]),
                level=int(p["level"]),
                level_label=p.get("level_label") or LEVEL_LABELS.get(int(p["level"]), ""),
                reasons=p.get("reasons", ""),
                evidence=Evidence(
                    questions=list(p.get("questions", [])),
                    criteria=criteria,
                    cells=sorted(p.get("cells", []), key=lambda c: c.get("reference", "")),
                ),
            )
        )
    return sections


def _hearing(decision: Decision) -> Hearing | None:
    """The partshøring this decision followed: the last one started before the decision was made."""
    return (
        Hearing.objects.filter(case_id=decision.case_id, started_at__lte=decision.decided_at)
        .order_by("-started_at")
        .first()
    )


def _hearing_comments(hearing: Hearing | None) -> list[dict[str, Any]]:
    if hearing is None:
        return []
    return [
        {
            "at": timezone.localtime(c.created_at),
            "author": _person(c.author),
            "parameter": c.parameter,
            "parameter_label": SUPPLIER_PARAMETER_LABELS[SupplierParameter(c.parameter)] if c.parameter else "",
            "text": c.text,
        }
        for c in hearing.comments.select_related("author").order_by("created_at")
    ]


def _people(decision: Decision) -> list[Person]:
    """Who judged, quality-assured and decided, with the dates of the steps that led to this version."""
    case = decision.case
    signoff = (
        SignOff.objects.filter(case=case, approved=True, decided_at__lte=decision.decided_at)
        .select_related("leader")
        .order_by("-decided_at")
        .first()
    )
    confirmations: dict[int, Any] = {}
    if signoff is not None:
        for c in ReconciliationConfirmation.objects.filter(case=case, round=signoff.round):
            confirmations[c.consultant_id] = timezone.localtime(c.confirmed_at)
    people = [
        Person(
            _person(case.primary_consultant),
            "Konsulent, sagsansvarlig",
            "Vurderede parametrene og bekræftede det afstemte resultat",
            confirmations.get(case.primary_consultant_id),
        ),
    ]
    if case.second_consultant_id:
        people.append(
            Person(
                _person(case.second_consultant),
                "Konsulent, anden vurdering",
                "Vurderede parametrene og bekræftede det afstemte resultat",
                confirmations.get(case.second_consultant_id),
            )
        )
    people.append(
        Person(
            _person(signoff.leader if signoff is not None else case.leader),
            "Leder",
            "Kvalitetssikrede og godkendte resultatet før partshøringen",
            timezone.localtime(signoff.decided_at) if signoff is not None else None,
        )
    )
    decider_role = {
        case.primary_consultant_id: "Konsulent, sagsansvarlig",
        case.second_consultant_id: "Konsulent, anden vurdering",
        case.leader_id: "Leder",
    }.get(decision.decided_by_id, "Socialtilsynet")
    people.append(
        Person(_person(decision.decided_by), decider_role, "Traf afgørelsen", timezone.localtime(decision.decided_at))
    )
    return people


def decision_context(decision: Decision) -> dict[str, Any]:
    """Template context of reports/decision.html."""
    case: Case = decision.case
    parameters = _parameter_sections(decision)
    hearing = _hearing(decision)
    comments = _hearing_comments(hearing)
    by_parameter: dict[str, list[dict[str, Any]]] = {}
    for comment in comments:
        by_parameter.setdefault(comment["parameter"], []).append(comment)
    for section in parameters:
        section.comments = by_parameter.get(section.key, [])
    rule_snapshot = decision.parameters.get("rule") or {}
    decided_at = timezone.localtime(decision.decided_at)
    toc = [
        {"id": "afgoerelsen", "label": "Afgørelsen og indplaceringen", "level": 1},
        {"id": "grundlag", "label": "Grundlag", "level": 1},
        {"id": "begrundelse", "label": "Begrundelse for hver parameter", "level": 1},
        *({"id": s.id, "label": f"{s.label} ({s.level_label.lower()})", "level": 2} for s in parameters),
        {"id": "partshoering", "label": "Partshøring", "level": 1},
        {"id": "klagevejledning", "label": "Klagevejledning", "level": 1},
        {"id": "sagsbehandling", "label": "Sagsbehandling", "level": 1},
    ]
    return {
        "kind": case.socialtilsyn.name,
        "reference": case.reference,
        "decision": decision,
        "case": case,
        "supplier": case.supplier,
        "department": case.department if case.department_id else None,
        "target_group": case.target_group,
        "socialtilsyn": case.socialtilsyn,
        "decided_at": decided_at,
        "level_text": LEVEL_TEXT[Level(decision.level)],
        "rule": {
            "name": rule_snapshot.get("name") or decision.rule.name,
            "version": rule_snapshot.get("version") or decision.rule.version,
            "valid_from": decision.rule.valid_from,
        },
        "versions": [
            {"label": "Målgruppebeskrivelse", "name": str(case.target_group), "obj": case.description},
            {"label": "Vejledning", "name": str(case.target_group), "obj": case.guide},
            {"label": "Oplysningsskema", "name": case.form_template.title, "obj": case.form_template},
            {"label": "Indplaceringsregel", "name": decision.rule.name, "obj": decision.rule},
        ],
        "parameters": parameters,
        "counts": {
            label: sum(1 for s in parameters if s.level == level)
            for level, label in ((3, "high"), (2, "moderate"), (1, "low"))
        },
        "hearing": hearing,
        "hearing_started": timezone.localtime(hearing.started_at) if hearing is not None else None,
        "hearing_comments": comments,
        "general_comments": by_parameter.get("", []),
        "appeal_deadline": appeal_deadline(decision),
        "appeal_weeks": settings.APPEAL_WEEKS,
        "people": _people(decision),
        # Always a contents list: eight parameter sections, the hearing, the appeal guidance and the case
        # handling never fit on one page, and the list lets a reader jump straight to one parameter.
        "toc": toc,
    }


def _load(decision: Decision) -> Decision:
    """The decision with everything the report reads.

    One join for the decision's own relations, then one primary-key query per relation of the case: a
    single fourteen-table join took PostgreSQL 30-50 ms to plan on every render (on national data), several
    times what the small queries take together.
    """
    decision = Decision.objects.select_related("decided_by", "rule", "case").get(pk=decision.pk)
    prefetch_related_objects(
        [decision.case],
        "supplier",
        "department",
        "target_group",
        "socialtilsyn",
        "description",
        "guide",
        "form_template",
        "primary_consultant",
        "second_consultant",
        "leader",
    )
    return decision


def decision_pdf_bytes(decision: Decision) -> bytes:
    """The decision with its assessment report as tagged PDF/A-3A bytes (fonts embedded, Danish, metadata).

    Deterministic for a given decision version: the creation date is the time of the decision, so a second
    rendering yields the same bytes. Does not check permissions; the report is stored by
    assessments.services.reports and downloaded through a permission-checked view.
    """
    decision = _load(decision)
    case = decision.case
    return render_pdf(
        TEMPLATE,
        decision_context(decision),
        title=TITLE,
        author=case.socialtilsyn.name,
        subject=(
            f"Afgørelse version {decision.version} i sag {case.reference}: {case.subject_name} "
            f"({case.target_group}), {LEVEL_TEXT[Level(decision.level)]}"
        ),
        created=decision.decided_at,
    )
