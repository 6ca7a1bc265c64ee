"""Forms of the case-file pages. Validation only; assessments.services.interviews checks and stores."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import InterviewNote
from core.validators import sane_date


class InterviewNoteForm(forms.Form):
    held_on = forms.DateField(
        validators=[sane_date],
        label=_("Dato for interviewet"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Skriv datoen."), "invalid": _("Skriv en gyldig dato, fx 01-03-2026.")},
    )
    form = forms.ChoiceField(
        label=_("Mødeform"),
        choices=InterviewNote.Form.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg mødeformen.")},
    )
    participants = forms.CharField(
        label=_("Deltagere"),
        max_length=500,
        help_text=_("Skriv roller og funktioner, fx «leder, to pædagoger, tilsynskonsulent». Aldrig borgere."),
        error_messages={"required": _("Skriv, hvem der deltog (roller eller funktioner).")},
    )
    text = forms.CharField(
        label=_("Noter"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Hvad blev uddybet eller afklaret? Skriv ikke navne eller CPR-numre på borgere."),
        error_messages={"required": _("Skriv noterne fra interviewet.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held_on = self.fields["held_on"]
        assert isinstance(held_on, forms.DateField)
        held_on.input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
        if not self.is_bound:
            held_on.initial = timezone.localdate()

    def clean_held_on(self) -> datetime.date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError(_("Datoen kan ikke ligge i fremtiden."))
        return held_on
