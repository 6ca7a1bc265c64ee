"""The PDFs of a case file (aktindsigt): the case overview with its history, interview notes, one
consultant's judgement, a result (reconciled, or the draft a hearing was about) and appeals.

These functions only render what they are given: the caller (reports.casefile_zip) decides what the
asking user may see, including the blindness rule for judgements.
"""

from typing import Any

from django.utils import timezone

from assessments.models import Appeal, Case, ChangeNotice, Hearing, InterviewNote, Judgement
from assessments.selectors.casefile import HistoryRow, level_label, person
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SUPPLIER_PARAMETERS, SupplierParameter

from .pdf import render_pdf


def _facts(case: Case) -> dict[str, Any]:
    """What every case-file PDF shows on its first page (templates/reports/casefile_facts.html)."""
    return {
        "case": case,
        "reference": case.reference,
        "supplier": case.supplier,
        "department": case.department if case.department_id else None,
        "target_group": case.target_group,
        "socialtilsyn": case.socialtilsyn,
    }


def _render(template: str, case: Case, context: dict[str, Any], *, title: str, kind: str) -> bytes:
    return render_pdf(
        template,
        {**_facts(case), "kind": kind, **context},
        title=title,
        author=case.socialtilsyn.name,
        subject=f"{kind} i sag {case.reference} ({case.target_group})",
    )


def overview_pdf_bytes(case: Case, *, history: list[HistoryRow] | None, generated_by) -> bytes:
    """Case facts and people; with `history`, the audit trail as a table (staff only)."""
    return _render(
        "reports/casefile_overview.html",
        case,
        {
            "history": history,
            "with_history": history is not None,
            "primary": person(case.primary_consultant),
            "second": person(case.second_consultant),
            "leader": person(case.leader),
            "generated_by": person(generated_by),
            "generated_at": timezone.localtime(),
        },
        title=f"Sagsoverblik{' og historik' if history is not None else ''} for {case.subject_name}",
        kind="Sagsakter",
    )


def interview_notes_pdf_bytes(case: Case, notes: list[InterviewNote]) -> bytes:
    return _render(
        "reports/casefile_interviews.html",
        case,
        {"notes": [{"note": n, "author": person(n.author)} for n in notes]},
        title=f"Interviewnoter for {case.subject_name}",
        kind="Interne arbejdsdokumenter",
    )


def judgement_pdf_bytes(case: Case, judgement: Judgement) -> bytes:
    """One consultant's judgement of the eight parameters, as it stands (submitted or draft)."""
    by_parameter = {pj.parameter: pj for pj in judgement.parameters.all()}
    parameters = []
    for p in SUPPLIER_PARAMETERS:
        pj = by_parameter.get(p.value)
        parameters.append(
            {
                "label": SUPPLIER_PARAMETER_LABELS[p],
                "level": level_label(pj.level) if pj is not None and pj.level else "–",
                "reasons": pj.reasons if pj is not None else "",
                "questions": [q.label for q in pj.cited_questions.all()] if pj is not None else [],
                "criteria": [c.text for c in pj.cited_criteria.all()] if pj is not None else [],
                "cells": [c.reference for c in pj.cited_cells.all()] if pj is not None else [],
                "review_agrees": pj.review_agrees if pj is not None else None,
                "review_reasons": pj.review_reasons if pj is not None else "",
            }
        )
    author = person(judgement.author)
    return _render(
        "reports/casefile_judgement.html",
        case,
        {
            "judgement": judgement,
            "author": author,
            "is_review": judgement.kind == Judgement.Kind.REVIEW,
            "submitted_at": timezone.localtime(judgement.submitted_at) if judgement.submitted_at else None,
            "parameters": parameters,
        },
        title=f"Vurdering af {author}",
        kind="Intern arbejdsdokument",
    )


def result_pdf_bytes(
    case: Case, snapshot: dict[str, Any], *, title: str, intro: str, hearing: Hearing | None = None
) -> bytes:
    """A result per parameter with reasons and evidence, and the placement: the reconciled result as it
    stands, or (with `hearing`) the draft the supplier was heard over, with the supplier's comments."""
    comments = []
    if hearing is not None:
        for c in hearing.comments.all():
            label = SUPPLIER_PARAMETER_LABELS.get(SupplierParameter(c.parameter), "") if c.parameter else ""
            comments.append(
                {"parameter": label, "text": c.text, "at": timezone.localtime(c.created_at), "author": person(c.author)}
            )
    return _render(
        "reports/casefile_result.html",
        case,
        {
            "snapshot": snapshot,
            "intro": intro,
            "hearing": hearing,
            "hearing_started": timezone.localtime(hearing.started_at) if hearing else None,
            "comments": comments,
        },
        title=title,
        kind="Partshøring" if hearing is not None else "Afstemt resultat",
    )


def appeals_pdf_bytes(case: Case, appeals: list[Appeal], notices: list[ChangeNotice]) -> bytes:
    return _render(
        "reports/casefile_appeals.html",
        case,
        {
            "appeals": [
                {
                    "appeal": a,
                    "by": person(a.submitted_by),
                    "handled_by": person(a.handled_by) if a.handled_by_id else "",
                }
                for a in appeals
            ],
            "notices": [
                {
                    "notice": n,
                    "by": person(n.submitted_by),
                    "handled_by": person(n.handled_by) if n.handled_by_id else "",
                }
                for n in notices
            ],
        },
        title=f"Klager og ændringsanmeldelser for {case.subject_name}",
        kind="Sagsakter",
    )
