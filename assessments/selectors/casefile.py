"""Reads for the case file: the audit history shaped for people, and who gets which part of the file.

The blindness rule applies here as everywhere: an audit entry of one consultant's parameter judgement
carries the level and reasons, so its values are shown only to users for whom that judgement is visible
(assessments.selectors.review.judgement_visible_to).
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from assessments.domain.workflow import STAFF_ROLES, STATE_LABELS, CaseRole, State
from assessments.models import (
    Appeal,
    Attachment,
    Case,
    ChangeNotice,
    Decision,
    Hearing,
    HearingComment,
    InterviewNote,
    Judgement,
    ParameterJudgement,
    ReconciledParameter,
    Submission,
)
from assessments.permissions import case_roles, remember_supplier_membership
from assessments.selectors.access import staff_case_or_404
from assessments.selectors.review import judgements_visible_to
from audit.models import AuditEntry
from audit.services import DOWNLOAD_SUFFIX
from targetgroups.domain.model import LEVEL_LABELS, SUPPLIER_PARAMETER_LABELS, Level, SupplierParameter

# Audit actions whose before/after hold one consultant's own judgement (level, reasons, citations).
JUDGEMENT_ACTIONS = {"judgement_parameter"}

ROLE_ON_CASE = {
    CaseRole.PRIMARY: gettext_lazy("primær konsulent"),
    CaseRole.SECOND: gettext_lazy("anden konsulent"),
    CaseRole.LEADER: gettext_lazy("leder, der godkender"),
    CaseRole.SUPPLIER: gettext_lazy("leverandør"),
}

FIELD_LABELS = {
    "level": gettext_lazy("Niveau"),
    "reasons": gettext_lazy("Begrundelse"),
    "questions": gettext_lazy("Citerede spørgsmål"),
    "criteria": gettext_lazy("Citerede kriterier"),
    "cells": gettext_lazy("Citerede felter i målgruppebeskrivelsen"),
    "review_agrees": gettext_lazy("Enig i kollegaens niveau"),
    "review_reasons": gettext_lazy("Bemærkning fra gennemgang"),
    "state": gettext_lazy("Status"),
    "comment": gettext_lazy("Kommentar"),
    "parameters": gettext_lazy("Kommentarer pr. parameter"),
    "text": gettext_lazy("Tekst"),
    "parameter": gettext_lazy("Parameter"),
    "placement": gettext_lazy("Indplacering"),
    "valid_from": gettext_lazy("Gælder fra"),
    "valid_until": gettext_lazy("Gælder til"),
    "deadline": gettext_lazy("Frist"),
    "reused_from": gettext_lazy("Genbrugt fra skema"),
    "primary_consultant": gettext_lazy("Primær konsulent"),
    "second_consultant": gettext_lazy("Anden konsulent"),
    "leader": gettext_lazy("Leder"),
    "mode": gettext_lazy("Arbejdsform"),
    "versions": gettext_lazy("Bundne versioner"),
    "held_on": gettext_lazy("Dato"),
    "form": gettext_lazy("Mødeform"),
    "participants": gettext_lazy("Deltagere"),
}
USER_KEYS = {"primary_consultant", "second_consultant", "leader"}
VERSION_LABELS = {
    "description": gettext_lazy("målgruppebeskrivelse"),
    "guide": gettext_lazy("vejledning"),
    "form_template": gettext_lazy("skema"),
    "rule": gettext_lazy("regel"),
}
CHOICE_LABELS = {
    "mode": dict(Case.Mode.choices),
    "form": dict(InterviewNote.Form.choices),
}
EMPTY = "–"
EMPTY_VALUES: tuple[Any, ...] = (None, "", [], {})


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    long: bool = False  # free text: shown as a block, not inline


@dataclass
class HistoryRow:
    at: datetime.datetime
    actor: str
    role: str
    summary: str
    changes: list[Change] = field(default_factory=list)
    hidden: bool = False  # the values belong to a judgement the reader may not see yet


def person(user: User | None) -> str:
    if user is None:
        return _("Systemet")
    return user.display_name


def role_on_case(user: User | None, case: Case) -> str:
    """The part a user plays in the case, else their account role (a colleague, a former assignee)."""
    if user is None:
        return ""
    roles = case_roles(user, case)
    labels = [str(label) for role, label in ROLE_ON_CASE.items() if role in roles]
    if labels:
        return ", ".join(labels)
    return str(Role(user.role).label).lower() if user.role else ""


def level_label(value: Any) -> str:
    try:
        return LEVEL_LABELS[Level(int(value))]
    except (TypeError, ValueError):
        return str(value)


def _label(key: str) -> str:
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    try:
        return SUPPLIER_PARAMETER_LABELS[SupplierParameter(key)]
    except ValueError:
        return key.replace("_", " ")


def display_value(key: str, value: Any, users: dict[int, str]) -> str:
    """One stored value as a person reads it: levels as let/moderat/højt, states by name, dates as dd-mm-yyyy."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if key == "level" or (key in SUPPLIER_PARAMETER_LABELS and isinstance(value, int)):
        return level_label(value)
    if key == "state":
        try:
            return STATE_LABELS[State(value)]
        except ValueError:
            return str(value)
    if key == "reused_from" and isinstance(value, int):
        return f"#{value}"
    if key in USER_KEYS and isinstance(value, int):
        return users.get(value, f"#{value}")
    if key in CHOICE_LABELS:
        return str(CHOICE_LABELS[key].get(value, value))
    if key == "parameter" and isinstance(value, str):
        return _label(value)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if key == "placement" and isinstance(value, dict):
        return str(value.get("explanation") or level_label(value.get("level")))
    if key == "versions" and isinstance(value, dict):
        return ", ".join(f"{VERSION_LABELS.get(k, k)} #{v}" for k, v in value.items())
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {display_value(k, v, users)}" for k, v in value.items())
    if isinstance(value, list):
        if key in ("questions", "criteria", "cells") and all(isinstance(v, int) for v in value):
            return _("%(n)d valgt") % {"n": len(value)}
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and (day := parse_date(value)) is not None:
        return date_format(day)
    return str(value)


def changes_of(entry: AuditEntry, users: dict[int, str]) -> list[Change]:
    if entry.action.startswith("transition:"):
        return []  # the summary already reads "Action: from → to"
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    changes = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if key in before and old == new:
            continue
        if old in EMPTY_VALUES and new in EMPTY_VALUES:
            continue
        is_long = key in ("reasons", "review_reasons", "text", "comment")
        changes.append(
            Change(
                label=_label(key),
                before=display_value(key, old, users) if key in before and old not in EMPTY_VALUES else "",
                after=display_value(key, new, users),
                long=is_long,
            )
        )
    return changes


def _users_named_in(entries: list[AuditEntry], known: Iterable[User | None] = ()) -> dict[int, str]:
    """The names of the users the entries' values refer to; `known` users (already loaded) are not read again."""
    ids = {
        v
        for e in entries
        for data in (e.before, e.after)
        if isinstance(data, dict)
        for k, v in data.items()
        if k in USER_KEYS and isinstance(v, int)
    }
    names = {u.pk: person(u) for u in known if u is not None and u.pk in ids}
    missing = ids - set(names)
    if missing:
        names |= {u.pk: person(u) for u in User.objects.filter(pk__in=missing)}
    return names


def history_rows(user: User, case: Case) -> list[HistoryRow]:
    """The case's audit trail, oldest first, shaped for the history page and PDF.

    The caller has checked that `user` is staff of the case. Values of a consultant's parameter judgement
    are hidden unless that judgement is visible to `user` (the row itself stays: that something was saved,
    and when, is not the judgement).
    """
    entries = list(AuditEntry.objects.filter(case=case).select_related("actor").order_by("at", "id"))
    actors: dict[int, User] = {}
    for entry in entries:  # the first row's user object per actor: the one whose part in the case is asked
        if entry.actor is not None:
            actors.setdefault(entry.actor.pk, entry.actor)
    users = _users_named_in(entries, [*actors.values(), case.primary_consultant, case.second_consultant, case.leader])
    # The parameter judgements whose values this user may see: those of the judgements visible to them.
    visible_pjs = {str(pj.pk) for j in judgements_visible_to(user, case, citations=False) for pj in j.parameters.all()}
    remember_supplier_membership(actors.values(), case.supplier_id)  # one query for every supplier user's role
    roles: dict[int | None, str] = {}
    rows = []
    for entry in entries:
        if entry.actor_id not in roles:
            roles[entry.actor_id] = role_on_case(actors.get(entry.actor_id) if entry.actor_id else None, case)
        hidden = entry.action in JUDGEMENT_ACTIONS and entry.object_id not in visible_pjs
        rows.append(
            HistoryRow(
                at=timezone.localtime(entry.at),
                actor=person(entry.actor),
                role=roles[entry.actor_id],
                summary=entry.summary,
                changes=[] if hidden else changes_of(entry, users),
                hidden=hidden,
            )
        )
    return rows


class Scope:
    """How much of the case file a user gets."""

    STAFF = "staff"
    SUPPLIER = "supplier"


def casefile_scope(user: User, case: Case) -> str | None:
    """'staff' for consultants of the case and leaders of its socialtilsyn, 'supplier' for the supplier's users."""
    if not user.is_authenticated or case is None:
        return None
    if user.has_perm("assessments.view_case_internals", case):
        return Scope.STAFF
    if CaseRole.SUPPLIER in case_roles(user, case):
        return Scope.SUPPLIER
    return None


def casefile_fingerprint(case: Case) -> str:
    """A digest of everything the case file is built from, so an unchanged case gives the same digest.

    Cheap (one aggregate per kind of document, no rendering): the facts on the case, and per kind of
    document how many there are and the newest id or change time. Every service also writes an audit
    entry, so the newest audit entry of the case catches any change the aggregates would miss. What a
    given user may see of it (blindness) follows from the same data, so the digest does not depend on who asks.
    """
    case = Case.objects.select_related("supplier", "department").get(pk=case.pk)
    facts: dict[str, Any] = {
        "case": [
            case.state,
            case.state_changed_at,
            case.primary_consultant_id,
            case.second_consultant_id,
            case.leader_id,
            case.mode,
            case.supplier.name,
            case.supplier.cvr,
            case.department.name if case.department is not None else None,
        ]
    }
    counted = {
        # A download is recorded but changes nothing in the case: fetching the file must not make it stale.
        "audit": (AuditEntry.objects.filter(case=case).exclude(action__endswith=DOWNLOAD_SUFFIX), "pk"),
        "submissions": (Submission.objects.filter(form__case=case), "pk"),
        "attachments": (Attachment.objects.filter(answer__form__case=case), "pk"),
        "notes": (InterviewNote.objects.filter(case=case), "pk"),
        "judgements": (Judgement.objects.filter(case=case), "submitted_at"),
        "parameter_judgements": (ParameterJudgement.objects.filter(judgement__case=case), "updated_at"),
        "reconciled": (ReconciledParameter.objects.filter(case=case), "updated_at"),
        "hearings": (Hearing.objects.filter(case=case), "pk"),
        "hearing_comments": (HearingComment.objects.filter(hearing__case=case), "pk"),
        "decisions": (Decision.objects.filter(case=case), "pk"),
        "appeals": (Appeal.objects.filter(decision__case=case), "handled_at"),
        "appeal_ids": (Appeal.objects.filter(decision__case=case), "pk"),
        "change_notices": (ChangeNotice.objects.filter(case=case), "handled_at"),
        "change_notice_ids": (ChangeNotice.objects.filter(case=case), "pk"),
    }
    for name, (queryset, newest) in counted.items():
        aggregate = queryset.aggregate(n=Count("pk"), newest=Max(newest))
        facts[name] = [aggregate["n"], aggregate["newest"]]
    return hashlib.sha256(json.dumps(facts, default=str, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class InterviewNotesPage:
    case: Case
    can_write: bool  # the case's consultants and leader; the other leaders of its socialtilsyn only read
    notes: list[dict[str, Any]]


def interview_notes_page(user: User, pk: int) -> InterviewNotesPage:
    """The interview notes of a case the user may see with its internals (Http404 otherwise), newest first."""
    case = staff_case_or_404(user, pk)
    notes = InterviewNote.objects.filter(case=case).select_related("author").order_by("-held_on", "-created_at")
    return InterviewNotesPage(
        case=case,
        can_write=bool(case_roles(user, case) & STAFF_ROLES),
        notes=[{"note": note, "author": person(note.author)} for note in notes],
    )
