"""The supplier's view of its case: where it stands, the hearing with the draft result, the decision, appeals.

Only users of the case's supplier see these pages; everyone else gets 404. The supplier never sees the
case's internals (judgements, reconciliation): only the draft it is heard over and the decisions.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from assessments.domain.workflow import CaseRole, State
from assessments.forms.decisions import HearingCommentForm, ReasonsForm
from assessments.forms.reassessment import change_notice_form
from assessments.models import Case, ChangeNotice, InformationForm
from assessments.services.decisions import appeal_submit, hearing_comment_add
from assessments.services.reassessment import change_notice_submit
from assessments.views.decisions import (
    add_service_error,
    case_with_role,
    comments_by_parameter,
    decisions_with_appeals,
    open_hearing,
    result_rows,
)

# What the supplier is told about each state, in plain words. The internal steps (judging, reconciling,
# the leader's sign-off) are one step to the supplier: the socialtilsyn is working on it.
WORKING = gettext_lazy(
    "Socialtilsynet behandler jeres oplysninger og vurderer tilbuddets specialiseringsniveau. "
    "I får besked, når der er et udkast, I kan kommentere."
)
STATUS = {
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


def _appeal_form(data=None) -> ReasonsForm:
    return ReasonsForm(
        data,
        prefix="klage",
        label=_("Hvorfor klager I?"),
        required_message=_("Skriv, hvorfor I klager."),
        help_text=_(
            "Skriv, hvilke dele af afgørelsen I er uenige i, og hvorfor. Nævn gerne de parametre, det drejer sig om. "
            "Skriv ikke navne eller CPR-numre på borgere."
        ),
    )


def _render(
    request: HttpRequest, case: Case, *, comment_form=None, appeal_form=None, status: int = 200
) -> HttpResponse:
    hearing = open_hearing(case) if case.state == State.PARTSHOERING else None
    today = timezone.localdate()
    overall, by_parameter = comments_by_parameter(hearing)
    can_comment = hearing is not None and today <= hearing.deadline
    if hearing is not None and comment_form is None and can_comment:
        comment_form = HearingCommentForm(prefix="bem")
    decisions = decisions_with_appeals(case)
    latest = decisions[0] if decisions else None
    can_appeal = (
        latest is not None
        and case.state == State.AFGJORT
        and today <= latest.appeal_until
        and not latest.appeals.all()  # one appeal per decision; an upheld one goes on to Ankestyrelsen
    )
    if can_appeal and appeal_form is None:
        appeal_form = _appeal_form()
    status_text = STATUS[State(case.state)]
    if latest is not None and case.state not in (State.AFGJORT, State.KLAGE, State.PARTSHOERING):
        status_text = RECONSIDERING
    form = InformationForm.objects.filter(case=case).first()
    submissions = list(form.submissions.order_by("-number")) if form is not None else []
    return render(
        request,
        "assessments/supplier_case/case.html",
        {
            "case": case,
            "status_text": status_text,
            "information_form": form,
            "hearing": hearing,
            "days_left": (hearing.deadline - today).days if hearing else None,
            "can_comment": can_comment,
            "comment_form": comment_form if can_comment else None,
            "rows": result_rows(hearing.draft, form=comment_form if can_comment else None, comments=by_parameter)
            if hearing
            else [],
            "overall_comments": overall,
            "all_comments": sorted(
                [*overall, *(c for cs in by_parameter.values() for c in cs)], key=lambda c: c.created_at
            ),
            "decisions": decisions,
            "latest": latest,
            "can_appeal": can_appeal,
            "appeal_weeks": settings.APPEAL_WEEKS,
            "appeal_form": appeal_form if can_appeal else None,
            "submissions": submissions,
            "may_notice": case.state in (State.AFGJORT, State.KLAGE),
            "notices": list(case.change_notices.all()),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def supplier_case(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier's case page; a POST sends the supplier's remarks in the partshøring."""
    case, _roles = case_with_role(request, pk, {CaseRole.SUPPLIER})
    if request.method == "GET":
        return _render(request, case)
    form = HearingCommentForm(request.POST, prefix="bem")
    if form.is_valid():
        try:
            # All remarks in one go: the socialtilsyn may decide as soon as the supplier has answered.
            with transaction.atomic():
                for parameter, text in form.comments():
                    hearing_comment_add(case=case, user=request.user, text=text, parameter=parameter)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                # Refused as a whole (no open hearing, or the deadline has passed): nothing to correct here.
                messages.error(request, " ".join(exc.messages))
                return redirect("assessments:supplier_case", pk=case.pk)
            add_service_error(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("assessments:supplier_case", pk=case.pk)
        else:
            messages.success(
                request,
                _("Tak. Jeres bemærkninger er sendt til socialtilsynet, som læser dem, før afgørelsen træffes."),
            )
            return redirect(reverse("assessments:supplier_case", args=[case.pk]) + "#bemaerkninger")
    return _render(request, case, comment_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier appeals the newest decision, until the appeal deadline."""
    case, _roles = case_with_role(request, pk, {CaseRole.SUPPLIER})
    if request.method == "GET":
        return redirect(reverse("assessments:supplier_case", args=[case.pk]) + "#klage")
    decision = case.decisions.order_by("-version").first()
    if decision is None:
        messages.error(request, _("Der er ingen afgørelse at klage over."))
        return redirect("assessments:supplier_case", pk=case.pk)
    form = _appeal_form(request.POST)
    if form.is_valid():
        try:
            appeal_submit(decision=decision, user=request.user, reasons=form.cleaned_data["reasons"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_service_error(form, exc)
            else:
                # Refused as a whole (the deadline has passed): nothing on the page to correct.
                messages.error(request, " ".join(exc.messages))
                return redirect("assessments:supplier_case", pk=case.pk)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("assessments:supplier_case", pk=case.pk)
        else:
            messages.success(
                request,
                _("Jeres klage er modtaget %(date)s. Socialtilsynet ser på afgørelsen igen og giver jer besked.")
                % {"date": date_format(timezone.localdate())},
            )
            return redirect("assessments:supplier_case", pk=case.pk)
    return _render(request, case, appeal_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def change_notice_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier reports a material change on a decided case (anmeld en ændring); the text is required and
    refused when it holds a CPR number, with the typed text kept."""
    case, _roles = case_with_role(request, pk, {CaseRole.SUPPLIER})
    if case.state not in (State.AFGJORT, State.KLAGE):
        messages.error(request, _("Ændringer kan anmeldes, når der er truffet afgørelse."))
        return redirect("assessments:supplier_case", pk=case.pk)
    form = change_notice_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            change_notice_submit(case=case, user=request.user, text=form.cleaned_data["reason"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for errors in exc.error_dict.values():
                    form.add_error("reason", errors)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("assessments:supplier_case", pk=case.pk)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("assessments:supplier_case", pk=case.pk)
        else:
            messages.success(
                request,
                _("Tak. Socialtilsynet har fået jeres anmeldelse og vurderer, om tilbuddet skal genvurderes."),
            )
            return redirect("assessments:supplier_case", pk=case.pk)
    notices = ChangeNotice.objects.filter(case=case).order_by("-submitted_at")
    return render(
        request, "assessments/supplier_case/change_notice.html", {"case": case, "form": form, "notices": notices}
    )
