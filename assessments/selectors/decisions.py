"""Reads of sign-off, hearing, decision and appeal: the reconciled result as it stands, the open hearing, deadlines."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Case, Decision, Hearing, ReconciledParameter
from assessments.selectors.review import case_placement
from targetgroups.domain.model import SUPPLIER_PARAMETERS


def result_snapshot(case: Case) -> dict:
    """The reconciled result as it stands: per parameter level, reasons and cited evidence, and the placement."""
    placement = case_placement(case)
    if placement is None:
        raise ValidationError(_("Alle otte parametre skal være afstemt."))
    reconciled = {
        rp.parameter: rp
        for rp in ReconciledParameter.objects.filter(case=case).prefetch_related(
            "cited_questions", "cited_criteria__guide_parameter", "cited_cells"
        )
    }
    parameters = []
    for p in SUPPLIER_PARAMETERS:
        rp = reconciled[p.value]
        parameters.append(
            {
                "parameter": p.value,
                "label": rp.get_parameter_display(),
                "level": rp.level,
                "level_label": rp.get_level_display(),
                "reasons": rp.reasons,
                "questions": [{"id": q.pk, "key": q.key, "label": q.label} for q in rp.cited_questions.all()],
                "criteria": [{"id": c.pk, "level": c.level, "text": c.text} for c in rp.cited_criteria.all()],
                "cells": [{"id": c.pk, "reference": c.reference, "text": c.text} for c in rp.cited_cells.all()],
            }
        )
    return {
        "parameters": parameters,
        "placement": {"level": int(placement.level), "explanation": placement.explanation},
        "rule": {"id": case.rule_id, "name": case.rule.name, "version": case.rule.version},
    }


def open_hearing(case: Case) -> Hearing | None:
    return case.hearings.filter(closed_at__isnull=True).order_by("-started_at").first()


def hearing_summary(hearing: Hearing | None) -> str:
    if hearing is None:
        return ""
    comments = list(hearing.comments.all())
    if not comments:
        return _("Leverandøren blev hørt fra %(start)s til %(end)s og kom ikke med bemærkninger.") % {
            "start": date_format(timezone.localtime(hearing.started_at)),
            "end": date_format(hearing.deadline),
        }
    return ngettext(
        "Leverandøren blev hørt fra %(start)s til %(end)s og kom med %(n)d bemærkning.",
        "Leverandøren blev hørt fra %(start)s til %(end)s og kom med %(n)d bemærkninger.",
        len(comments),
    ) % {
        "start": date_format(timezone.localtime(hearing.started_at)),
        "end": date_format(hearing.deadline),
        "n": len(comments),
    }


def appeal_deadline(decision: Decision) -> datetime.date:
    return timezone.localtime(decision.decided_at).date() + datetime.timedelta(weeks=settings.APPEAL_WEEKS)
