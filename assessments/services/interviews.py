"""Notes from the follow-up interview with the supplier (video, on site or by phone)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.domain.workflow import STAFF_ROLES, State
from assessments.models import Case, InterviewNote
from assessments.permissions import case_roles
from assessments.services.cases import case_lock
from audit.services import audit_record
from privacy.text import cpr_check

# The case's two consultants and its leader write interview notes.
WRITERS = STAFF_ROLES


def interview_note_add(
    *, case: Case, user: User, held_on: datetime.date, form: str, participants: str, text: str
) -> InterviewNote:
    """Record a dated interview note on a case.

    Only the case's two consultants and its leader may write one, and not on a cancelled case. The date may
    not lie in the future. Participants are named by role or function; participants and text are refused
    (ValidationError on the field) when they hold a CPR number, so no citizen data is stored. Records an
    audit entry 'interview_note_add' with the date, form and participants. The state is read again under the
    case lock, so no note lands on a case cancelled at the same moment.
    """
    if not case_roles(user, case) & WRITERS:
        raise PermissionDenied(_("Kun sagens konsulenter og leder kan skrive interviewnoter."))
    participants, text = participants.strip(), text.strip()
    errors: dict[str, str] = {}
    if State(case.state) == State.ANNULLERET:
        raise ValidationError(_("Sagen er annulleret; der kan ikke tilføjes noter."))
    if held_on > timezone.localdate():
        errors["held_on"] = _("Datoen kan ikke ligge i fremtiden.")
    if form not in InterviewNote.Form.values:
        errors["form"] = _("Vælg mødeformen.")
    if not participants:
        errors["participants"] = _("Skriv, hvem der deltog (roller eller funktioner).")
    elif refusal := cpr_check(participants):
        errors["participants"] = refusal
    if not text:
        errors["text"] = _("Skriv noterne fra interviewet.")
    elif refusal := cpr_check(text):
        errors["text"] = refusal
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if State(case_lock(case).state) == State.ANNULLERET:
            raise ValidationError(_("Sagen er annulleret; der kan ikke tilføjes noter."))
        note = InterviewNote.objects.create(
            case=case, held_on=held_on, form=form, participants=participants, text=text, author=user
        )
        audit_record(
            actor=user,
            case=case,
            obj=note,
            action="interview_note_add",
            summary=_("Interviewnote tilføjet (%(form)s, %(date)s)")
            % {"form": note.get_form_display().lower(), "date": date_format(held_on)},
            after={"held_on": held_on.isoformat(), "form": form, "participants": participants},
        )
    return note
