"""The staff's pages from a reconciled result to a decision: sign-off, partshøring, the decision, appeals.

Thin views: they check that the user plays a part in the case, read the form, call
assessments.services.decisions and render. Who may press which button is decided by the workflow table
(through the services); the pages only hide buttons the user cannot use. Anyone without a part in the
case gets 404, so the URLs reveal nothing about other cases.

- signoff: the case's leader only (the consultants see the result on the reconciliation page).
- hearing, decision and appeal pages: the case's two consultants and its leader; the buttons that move
  the case are shown to those the workflow allows (deciding and revising: consultants; upholding an
  appeal: consultants and leader).
"""

import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.domain.workflow import CaseRole, State
from assessments.forms.decisions import (
    DecisionForm,
    ReasonsForm,
    SignoffApproveForm,
    SignoffReturnForm,
    parameter_field_name,
)
from assessments.models import Appeal, Case, Decision, Hearing, ReconciliationConfirmation
from assessments.permissions import case_roles
from assessments.selectors.cases import case_for
from assessments.selectors.decisions import appeal_deadline, hearing_summary, open_hearing, result_snapshot
from assessments.services.decisions import (
    appeal_reconsider,
    appeal_uphold,
    decision_make,
    hearing_revise,
    signoff_approve,
    signoff_return,
)

CONSULTANTS = {CaseRole.PRIMARY, CaseRole.SECOND}
STAFF = CONSULTANTS | {CaseRole.LEADER}


# --- shared helpers (also used by the supplier's pages) ----------------------------------------------------


def case_with_role(request: HttpRequest, pk: int, allowed: set[CaseRole]) -> tuple[Case, set[CaseRole]]:
    """The case and the user's parts in it, when one of them is allowed; 404 otherwise."""
    case = case_for(request.user, pk)
    roles = case_roles(request.user, case) if case is not None else set()
    if not roles & allowed:
        raise Http404
    return case, roles


def add_service_error(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: next to the field it names, or at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def result_rows(snapshot: dict, *, form=None, comments: dict | None = None) -> list[dict]:
    """One row per parameter of a result snapshot, with the form field and the comments that go with it."""
    rows = []
    for p in snapshot["parameters"]:
        name = parameter_field_name(p["parameter"])
        rows.append(
            {
                "p": p,
                "field": form[name] if form is not None and name in form.fields else None,
                "comments": (comments or {}).get(p["parameter"], []),
            }
        )
    return rows


def comments_by_parameter(hearing: Hearing | None) -> tuple[list, dict[str, list]]:
    """The hearing's comments: the overall ones, and the rest by parameter (oldest first)."""
    overall: list = []
    by_parameter: dict[str, list] = defaultdict(list)
    if hearing is not None:
        for comment in hearing.comments.select_related("author").order_by("created_at"):
            (by_parameter[comment.parameter] if comment.parameter else overall).append(comment)
    return overall, dict(by_parameter)


def latest_hearing(case: Case) -> Hearing | None:
    return open_hearing(case) or case.hearings.order_by("-started_at").first()


def decisions_with_appeals(case: Case) -> list[Decision]:
    """All decision versions of the case, newest first, each with its appeals and appeal deadline."""
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
        decision.appeal_until = appeal_deadline(decision)
        decision.rows = result_rows(decision.parameters)
        decision.id_prefix = f"v{decision.version}"
    return decisions


def previous_decision(case: Case) -> Decision | None:
    """The newest decision of the case this one re-assesses (for a lowered level and a remedy period)."""
    if case.previous_case_id is None:
        return None
    return Decision.objects.filter(case_id=case.previous_case_id).order_by("-version").first()


def _snapshot_or_none(case: Case) -> dict | None:
    try:
        return result_snapshot(case)
    except ValidationError:
        return None


def _refused(request: HttpRequest, exc: PermissionDenied, to: str, pk: int) -> HttpResponse:
    messages.error(request, str(exc.args[0]) if exc.args else _("Det kan du ikke gøre på sagen."))
    return redirect(to, pk=pk)


def _fmt(day: datetime.date) -> str:
    return date_format(day)


# --- sign-off ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def signoff(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's leader approves the reconciled result (→ partshøring) or returns it with comments."""
    case, _roles = case_with_role(request, pk, {CaseRole.LEADER})
    awaiting = case.state == State.TIL_GODKENDELSE
    approve_form = SignoffApproveForm(prefix="godkend")
    return_form = SignoffReturnForm(prefix="returner")
    if request.method == "POST":
        if not awaiting:
            messages.error(request, _("Sagen venter ikke på godkendelse."))
            return redirect("assessments:signoff", pk=case.pk)
        action = request.POST.get("action")
        if action == "approve":
            approve_form = SignoffApproveForm(request.POST, prefix="godkend")
            if approve_form.is_valid():
                try:
                    hearing = signoff_approve(
                        case=case,
                        user=request.user,
                        comment=approve_form.cleaned_data["comment"],
                        hearing_days=approve_form.cleaned_data["hearing_days"],
                    )
                except ValidationError as exc:
                    add_service_error(approve_form, exc)
                except PermissionDenied as exc:
                    return _refused(request, exc, "assessments:signoff", case.pk)
                else:
                    messages.success(
                        request,
                        _(
                            "Resultatet er godkendt og sendt i partshøring. "
                            "Leverandøren kan komme med bemærkninger til og med %(date)s."
                        )
                        % {"date": _fmt(hearing.deadline)},
                    )
                    return redirect("assessments:hearing", pk=case.pk)
        elif action == "return":
            return_form = SignoffReturnForm(request.POST, prefix="returner")
            if return_form.is_valid():
                try:
                    signoff_return(
                        case=case,
                        user=request.user,
                        comment=return_form.cleaned_data["comment"],
                        parameter_comments=return_form.parameter_comments(),
                    )
                except ValidationError as exc:
                    add_service_error(return_form, exc)
                except PermissionDenied as exc:
                    return _refused(request, exc, "assessments:signoff", case.pk)
                else:
                    messages.success(request, _("Sagen er sendt tilbage til konsulenterne med dine kommentarer."))
                    return redirect("assessments:case_detail", pk=case.pk)
        else:
            raise Http404
    snapshot = _snapshot_or_none(case) if awaiting else None
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
    return render(
        request,
        "assessments/decision/signoff.html",
        {
            "case": case,
            "awaiting": awaiting,
            "result": snapshot,
            "rows": result_rows(snapshot) if snapshot else [],
            "people": people,
            "approve_form": approve_form,
            "return_form": return_form,
            "earlier": list(case.signoffs.select_related("leader").order_by("-decided_at")),
        },
    )


# --- partshøring -------------------------------------------------------------------------------------------


@login_required
def hearing_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """The hearing as the staff see it: the draft, the deadline, the supplier's comments, what comes next."""
    case, roles = case_with_role(request, pk, STAFF)
    hearing = latest_hearing(case)
    overall, by_parameter = comments_by_parameter(hearing)
    today = timezone.localdate()
    in_hearing = case.state == State.PARTSHOERING and hearing is not None and hearing.closed_at is None
    answered = bool(overall or by_parameter)
    earlier = list(case.hearings.exclude(pk=hearing.pk).order_by("-started_at")) if hearing else []
    rows = result_rows(hearing.draft, comments=by_parameter) if hearing else []
    return render(
        request,
        "assessments/decision/hearing.html",
        {
            "case": case,
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
            "earlier": earlier,
        },
    )


@login_required
@require_POST
def hearing_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The consultants revise the result after the hearing: back to reconciliation on a new round."""
    case, _roles = case_with_role(request, pk, CONSULTANTS)
    try:
        case = hearing_revise(case=case, user=request.user)
    except PermissionDenied as exc:
        return _refused(request, exc, "assessments:hearing", case.pk)
    messages.success(
        request,
        _(
            "Partshøringen er afsluttet, og afstemningen er åbnet igen. Når I begge har bekræftet det reviderede "
            "resultat, skal lederen godkende det, og leverandøren bliver hørt igen."
        ),
    )
    return redirect("assessments:reconciliation", pk=case.pk)


# --- the decision ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_make_view(request: HttpRequest, pk: int) -> HttpResponse:
    """In partshøring the consultants make the decision here; afterwards the page shows every version of it."""
    case, roles = case_with_role(request, pk, STAFF)
    may_decide = case.state == State.PARTSHOERING and bool(roles & CONSULTANTS)
    if request.method == "POST" and not may_decide:
        messages.error(request, _("Der kan ikke træffes afgørelse på sagen nu."))
        return redirect("assessments:decision_make", pk=case.pk)

    context: dict = {"case": case, "may_decide": may_decide, "decisions": decisions_with_appeals(case)}
    if case.state == State.PARTSHOERING:
        snapshot = _snapshot_or_none(case)
        previous = previous_decision(case)
        lowered = bool(snapshot and previous and snapshot["placement"]["level"] < previous.level)
        form = DecisionForm(request.POST or None, lowered=lowered)
        hearing = latest_hearing(case)
        if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
            try:
                decision = decision_make(
                    case=case,
                    user=request.user,
                    valid_from=form.cleaned_data["valid_from"],
                    remedy_months=form.cleaned_data.get("remedy_months"),
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            except PermissionDenied as exc:
                return _refused(request, exc, "assessments:decision_make", case.pk)
            else:
                messages.success(
                    request,
                    _("Afgørelsen er truffet og sendt til leverandøren. Den gælder fra %(start)s til %(end)s.")
                    % {"start": _fmt(decision.valid_from), "end": _fmt(decision.valid_until)},
                )
                return redirect("assessments:decision_make", pk=case.pk)
        valid_from = timezone.localdate()
        remedy_months = None
        if form.is_bound and form.is_valid():
            valid_from = form.cleaned_data["valid_from"]
            remedy_months = form.cleaned_data.get("remedy_months")
        months = case.guide.decision_validity_months
        context.update(
            {
                "form": form,
                "result": snapshot,
                "rows": result_rows(snapshot) if snapshot else [],
                "previous": previous,
                "lowered": lowered,
                "hearing": hearing,
                "hearing_summary": hearing_summary(hearing),
                "validity_months": months,
                "effect_from": valid_from,
                "effect_until": valid_from + relativedelta(months=months),
                "effect_remedy_months": remedy_months,
                "effect_remedy_until": valid_from + relativedelta(months=remedy_months) if remedy_months else None,
            }
        )
    return render(request, "assessments/decision/decision.html", context)


# --- appeals -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def appeal_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """An appeal as the socialtilsyn reconsiders it: change the decision (→ reconciliation) or uphold it."""
    case, roles = case_with_role(request, pk, STAFF)
    appeals = list(
        Appeal.objects.filter(decision__case=case)
        .select_related("decision__decided_by", "decision__rule", "submitted_by", "handled_by")
        .order_by("-submitted_at")
    )
    pending = next((a for a in appeals if a.outcome == Appeal.Outcome.PENDING), None)
    in_appeal = case.state == State.KLAGE and pending is not None
    can_reconsider = in_appeal and bool(roles & CONSULTANTS)
    can_uphold = in_appeal and bool(roles & STAFF)

    def reconsider_form(data=None):
        return ReasonsForm(
            data,
            prefix="aendr",
            label=_("Hvorfor tages afgørelsen op igen?"),
            required_message=_("Begrund, hvorfor afgørelsen skal ændres."),
            help_text=_("Leverandøren kan se begrundelsen."),
        )

    def uphold_form(data=None):
        return ReasonsForm(
            data,
            prefix="fasthold",
            label=_("Hvorfor fastholdes afgørelsen?"),
            required_message=_("Begrund, hvorfor afgørelsen fastholdes."),
            help_text=_("Begrundelsen følger klagen til Ankestyrelsen, og leverandøren kan se den."),
        )

    change, keep = reconsider_form(), uphold_form()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reconsider" and can_reconsider:
            change = reconsider_form(request.POST)
            if change.is_valid():
                try:
                    appeal_reconsider(case=case, user=request.user, reasons=change.cleaned_data["reasons"])
                except ValidationError as exc:
                    add_service_error(change, exc)
                except PermissionDenied as exc:
                    return _refused(request, exc, "assessments:appeal", case.pk)
                else:
                    messages.success(
                        request,
                        _(
                            "Afgørelsen tages op igen. Afstem resultatet på ny; derefter godkender lederen, "
                            "leverandøren høres, og der træffes en ny afgørelse (en ny version)."
                        ),
                    )
                    return redirect("assessments:reconciliation", pk=case.pk)
        elif action == "uphold" and can_uphold:
            keep = uphold_form(request.POST)
            if keep.is_valid():
                try:
                    appeal_uphold(case=case, user=request.user, reasons=keep.cleaned_data["reasons"])
                except ValidationError as exc:
                    add_service_error(keep, exc)
                except PermissionDenied as exc:
                    return _refused(request, exc, "assessments:appeal", case.pk)
                else:
                    messages.success(
                        request,
                        _(
                            "Afgørelsen er fastholdt, og klagen er registreret som sendt videre til Ankestyrelsen. "
                            "Leverandøren kan se det på sin side."
                        ),
                    )
                    return redirect("assessments:appeal", pk=case.pk)
        else:
            messages.error(request, _("Klagen kan ikke behandles på den måde nu."))
            return redirect("assessments:appeal", pk=case.pk)
    appealed = pending.decision if pending else (appeals[0].decision if appeals else None)
    if appealed is not None:
        appealed.rows = result_rows(appealed.parameters)
    return render(
        request,
        "assessments/decision/appeal.html",
        {
            "case": case,
            "appeals": appeals,
            "pending": pending,
            "in_appeal": in_appeal,
            "appealed": appealed,
            "can_reconsider": can_reconsider,
            "can_uphold": can_uphold,
            "change_form": change,
            "uphold_form": keep,
        },
    )
