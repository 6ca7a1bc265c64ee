"""Reads of sign-off, hearing, decision and appeal: the reconciled result as it stands, the open hearing,
deadlines, and what each page of these steps shows (staff and supplier), with the rules that decide which
buttons it offers (`may_decide`, `can_appeal`, …) computed here, never in a view or a template."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from assessments.domain.workflow import (
    DECIDED_STATES,
    HEARING_STARTED_STATES,
    SUPPLIER_FILLING_STATES,
    Action,
    CaseRole,
    State,
    available_actions,
    state_badge,
)
from assessments.models import (
    Appeal,
    Case,
    ChangeNotice,
    Decision,
    Hearing,
    HearingComment,
    InformationForm,
    ReconciledParameter,
    ReconciliationConfirmation,
)
from assessments.permissions import case_roles
from assessments.selectors.access import case_for
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
    """The hearing that has not been closed by a decision or a revision, if any."""
    return case.hearings.filter(closed_at__isnull=True).order_by("-started_at").first()


def hearing_summary(hearing: Hearing | None) -> str:
    """One sentence on how the supplier was heard (for the decision and its PDF)."""
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
    """The last day the supplier may appeal the decision (APPEAL_WEEKS after the day it was made)."""
    return timezone.localtime(decision.decided_at).date() + datetime.timedelta(weeks=settings.APPEAL_WEEKS)


# --- the pages of sign-off, hearing, decision and appeal -----------------------------------------------------

CONSULTANTS = frozenset({CaseRole.PRIMARY, CaseRole.SECOND})
STAFF = CONSULTANTS | {CaseRole.LEADER}


def case_with_role_or_404(user: User, pk: int, allowed: Iterable[CaseRole]) -> tuple[Case, set[CaseRole]]:
    """The case and the user's parts in it, when one of them is allowed; 404 otherwise (absent or not theirs)."""
    case = case_for(user, pk)
    roles = case_roles(user, case) if case is not None else set()
    if case is None or not roles & set(allowed):
        raise Http404
    return case, roles


def actions_now(case: Case, roles: Iterable[CaseRole]) -> set[Action]:
    """What the workflow table lets these roles do on the case in its present state."""
    return {t.action for t in available_actions(State(case.state), set(roles))}


def snapshot_or_none(case: Case) -> dict | None:
    """The reconciled result as it stands, or None while a parameter is not reconciled."""
    try:
        return result_snapshot(case)
    except ValidationError:
        return None


def result_rows(snapshot: dict, *, comments: dict | None = None) -> list[dict]:
    """One row per parameter of a result snapshot, with the hearing comments on it (a form adds its fields)."""
    return [{"p": p, "comments": (comments or {}).get(p["parameter"], [])} for p in snapshot["parameters"]]


def comments_by_parameter(hearing: Hearing | None) -> tuple[list[HearingComment], dict[str, list[HearingComment]]]:
    """The hearing's comments: the overall ones, and the rest by parameter (oldest first)."""
    overall: list[HearingComment] = []
    by_parameter: dict[str, list[HearingComment]] = defaultdict(list)
    if hearing is not None:
        for comment in hearing.comments.select_related("author").order_by("created_at"):
            (by_parameter[comment.parameter] if comment.parameter else overall).append(comment)
    return overall, dict(by_parameter)


def latest_hearing(case: Case) -> Hearing | None:
    """The open hearing, else the newest one (the hearing a decision is made after)."""
    return open_hearing(case) or case.hearings.order_by("-started_at").first()


def decisions_with_appeals(case: Case) -> list[Decision]:
    """All decision versions of the case, newest first, each with its appeals, appeal deadline and rows."""
    decisions = list(
        case.decisions.select_related("decided_by", "rule")
        .prefetch_related(
            Prefetch(
                "appeals",
                queryset=Appeal.objects.select_related("submitted_by", "handled_by").order_by("submitted_at"),
            )
        )
        .order_by("-version")
    )
    for decision in decisions:
        decision.appeal_until = appeal_deadline(decision)  # type: ignore[attr-defined]
        decision.rows = result_rows(decision.parameters)  # type: ignore[attr-defined]
        decision.id_prefix = f"v{decision.version}"  # type: ignore[attr-defined]
    return decisions


def previous_decision(case: Case) -> Decision | None:
    """The newest decision of the case this one re-assesses (for a lowered level and a remedy period)."""
    if case.previous_case_id is None:
        return None
    return Decision.objects.filter(case_id=case.previous_case_id).order_by("-version").first()


def signoff_page(case: Case, roles: set[CaseRole]) -> dict[str, Any]:
    """The leader's page: the result awaiting approval, who confirmed it, and earlier sign-offs."""
    awaiting = Action.APPROVE in actions_now(case, roles)
    snapshot = snapshot_or_none(case) if awaiting else None
    confirmations = {
        c.consultant_id: c
        for c in ReconciliationConfirmation.objects.filter(case=case, round=case.reconciliation_round)
    }
    people = [
        {
            "role": _("Primær konsulent"),
            "user": case.primary_consultant,
            "confirmed": confirmations.get(case.primary_consultant_id),
        },
        {
            "role": _("Anden konsulent"),
            "user": case.second_consultant,
            "confirmed": confirmations.get(case.second_consultant_id),
        },
    ]
    return {
        "case": case,
        "badge": state_badge(case.state),
        "awaiting": awaiting,
        "result": snapshot,
        "rows": result_rows(snapshot) if snapshot else [],
        "people": people,
        "earlier": list(case.signoffs.select_related("leader").order_by("-decided_at")),
    }


def hearing_page(case: Case, roles: set[CaseRole]) -> dict[str, Any]:
    """The hearing as the staff see it: the draft, the deadline, the supplier's comments, what comes next."""
    hearing = latest_hearing(case)
    overall, by_parameter = comments_by_parameter(hearing)
    today = timezone.localdate()
    in_hearing = State(case.state) == State.PARTSHOERING and hearing is not None and hearing.closed_at is None
    answered = bool(overall or by_parameter)
    rows = result_rows(hearing.draft, comments=by_parameter) if hearing else []
    return {
        "case": case,
        "badge": state_badge(case.state),
        "hearing": hearing,
        "in_hearing": in_hearing,
        "rows": rows,
        "commented": [row for row in rows if row["comments"]],
        "overall": overall,
        "answered": answered,
        "comment_count": len(overall) + sum(len(c) for c in by_parameter.values()),
        "deadline_passed": hearing is not None and today > hearing.deadline,
        "days_left": (hearing.deadline - today).days if hearing else None,
        "can_decide": answered or (hearing is not None and today > hearing.deadline),
        "is_consultant": bool(roles & CONSULTANTS),
        "summary": hearing_summary(hearing) if hearing and not in_hearing else "",
        "earlier": list(case.hearings.exclude(pk=hearing.pk).order_by("-started_at")) if hearing else [],
        "has_decision": case.decisions.exists(),
    }


def decision_page(case: Case, roles: set[CaseRole]) -> dict[str, Any]:
    """The decision page: while in partshøring the result to decide on; always every decision version so far.

    `deciding` says whether the page offers the form at all (in partshøring); `may_decide` whether this user
    may press it (a consultant). `lowered` is True when the level is below the previous case's decision."""
    deciding = State(case.state) == State.PARTSHOERING
    page: dict[str, Any] = {
        "case": case,
        "badge": state_badge(case.state),
        "deciding": deciding,
        "may_decide": Action.DECIDE in actions_now(case, roles),
        "show_appeal_link": State(case.state) == State.KLAGE,
        "decisions": decisions_with_appeals(case),
    }
    if deciding:
        snapshot = snapshot_or_none(case)
        previous = previous_decision(case)
        hearing = latest_hearing(case)
        page.update(
            {
                "result": snapshot,
                "rows": result_rows(snapshot) if snapshot else [],
                "previous": previous,
                "lowered": bool(snapshot and previous and snapshot["placement"]["level"] < previous.level),
                "hearing": hearing,
                "hearing_summary": hearing_summary(hearing),
                "validity_months": case.guide.decision_validity_months,
            }
        )
    return page


def decision_effect(case: Case, *, valid_from: datetime.date, remedy_months: int | None) -> dict[str, Any]:
    """When a decision made from `valid_from` would be valid until, and a remedy period's end (the preview)."""
    return {
        "effect_from": valid_from,
        "effect_until": valid_from + relativedelta(months=case.guide.decision_validity_months),
        "effect_remedy_months": remedy_months,
        "effect_remedy_until": valid_from + relativedelta(months=remedy_months) if remedy_months else None,
    }


def appeal_page(case: Case, roles: set[CaseRole]) -> dict[str, Any]:
    """An appeal as the socialtilsyn reconsiders it, and who may change (consultants) or uphold (staff) it."""
    appeals = list(
        Appeal.objects.filter(decision__case=case)
        .select_related("decision__decided_by", "decision__rule", "submitted_by", "handled_by")
        .order_by("-submitted_at")
    )
    pending = next((a for a in appeals if a.outcome == Appeal.Outcome.PENDING), None)
    in_appeal = State(case.state) == State.KLAGE and pending is not None
    appealed = pending.decision if pending else (appeals[0].decision if appeals else None)
    if appealed is not None:
        appealed.rows = result_rows(appealed.parameters)  # type: ignore[attr-defined]
    return {
        "case": case,
        "badge": state_badge(case.state),
        "appeals": appeals,
        "pending": pending,
        "in_appeal": in_appeal,
        "appealed": appealed,
        "can_reconsider": pending is not None and Action.RECONSIDER in actions_now(case, roles),
        "can_uphold": pending is not None and Action.UPHOLD in actions_now(case, roles),
    }


# --- the supplier's case page ---------------------------------------------------------------------------------

# What the supplier is told about each state, in plain words. The internal steps (judging, reconciling,
# the leader's sign-off) are one step to the supplier: the socialtilsyn is working on it.
WORKING = gettext_lazy(
    "Socialtilsynet behandler jeres oplysninger og vurderer tilbuddets specialiseringsniveau. "
    "I får besked, når der er et udkast, I kan kommentere."
)
SUPPLIER_STATUS = {
    State.OPRETTET: gettext_lazy(
        "Socialtilsynet har oprettet sagen. I får besked, når I skal udfylde oplysningsskemaet."
    ),
    State.OPLYSNINGER_ANMODET: gettext_lazy("Socialtilsynet har bedt jer udfylde oplysningsskemaet."),
    State.SUPPLERING: gettext_lazy("Socialtilsynet har bedt jer uddybe nogle af svarene i oplysningsskemaet."),
    State.OPLYSNINGER_MODTAGET: gettext_lazy("Socialtilsynet har modtaget jeres oplysninger og gennemgår dem."),
    State.VURDERING: WORKING,
    State.AFSTEMNING: WORKING,
    State.TIL_GODKENDELSE: WORKING,
    State.RETURNERET: WORKING,
    State.PARTSHOERING: gettext_lazy("Der er et udkast til afgørelse. I kan læse det og komme med bemærkninger."),
    State.AFGJORT: gettext_lazy("Socialtilsynet har truffet afgørelse."),
    State.KLAGE: gettext_lazy(
        "Socialtilsynet har modtaget jeres klage og ser på afgørelsen igen. I får besked, når klagen er behandlet."
    ),
    State.ANNULLERET: gettext_lazy("Sagen er lukket uden afgørelse."),
}
RECONSIDERING = gettext_lazy(
    "Socialtilsynet har taget afgørelsen op igen efter jeres klage og vurderer sagen på ny. "
    "I får et nyt udkast i partshøring, før der træffes en ny afgørelse."
)


def supplier_case_page(case: Case) -> dict[str, Any]:
    """The supplier's case page: where it stands, the hearing with the draft, the decisions, the appeal.

    `can_comment` and `can_appeal` say whether the page offers those forms; the view adds the forms."""
    state = State(case.state)
    today = timezone.localdate()
    hearing = open_hearing(case) if state == State.PARTSHOERING else None
    overall, by_parameter = comments_by_parameter(hearing)
    decisions = decisions_with_appeals(case)
    latest = decisions[0] if decisions else None
    can_appeal = (
        latest is not None
        and state == State.AFGJORT
        and today <= latest.appeal_until  # type: ignore[attr-defined]
        and not latest.appeals.all()  # one appeal per decision; an upheld one goes on to Ankestyrelsen
    )
    status_text = SUPPLIER_STATUS[state]
    if latest is not None and state not in HEARING_STARTED_STATES:
        status_text = RECONSIDERING
    information_form = InformationForm.objects.filter(case=case).first()
    return {
        "case": case,
        "status_text": status_text,
        "information_form": information_form,
        "form_open": state in SUPPLIER_FILLING_STATES,
        "hearing": hearing,
        "days_left": (hearing.deadline - today).days if hearing else None,
        "can_comment": hearing is not None and today <= hearing.deadline,
        "rows": result_rows(hearing.draft, comments=by_parameter) if hearing else [],
        "overall_comments": overall,
        "all_comments": sorted(
            [*overall, *(c for cs in by_parameter.values() for c in cs)], key=lambda c: c.created_at
        ),
        "decisions": decisions,
        "latest": latest,
        "can_appeal": can_appeal,
        "appeal_expired": latest is not None and state == State.AFGJORT and not latest.appeals.all(),
        "appeal_weeks": settings.APPEAL_WEEKS,
        "submissions": list(information_form.submissions.order_by("-number")) if information_form else [],
        "may_notice": state in DECIDED_STATES,
        "notices": list(case.change_notices.all()),
    }


def newest_decision(case: Case) -> Decision | None:
    """The decision the supplier may appeal: the newest version, if any."""
    return case.decisions.order_by("-version").first()


def change_notice_page(case: Case) -> dict[str, Any]:
    """The supplier's change notices on the case, newest first, and whether one may be sent now."""
    return {
        "case": case,
        "may_notice": State(case.state) in DECIDED_STATES,
        "notices": list(ChangeNotice.objects.filter(case=case).order_by("-submitted_at")),
    }
