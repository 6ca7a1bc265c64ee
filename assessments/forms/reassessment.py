"""Forms of re-assessment, cancelling a case and change notices. Validation only; the services decide and store."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import Role, User
from assessments.forms.cases import UserChoiceField, set_choices
from assessments.models import Case
from privacy.text import cpr_check

if TYPE_CHECKING:  # the choices' type only; the view passes them in from the selector
    from assessments.selectors.case_choices import StaffChoices


class ReassessmentOpenForm(forms.Form):
    """Who takes the re-assessment: prefilled with the previous case's people, limited to its socialtilsyn.

    Four eyes is checked by the service (case_open); its errors are put next to these fields, whose names
    match the service's error keys.
    """

    primary_consultant = UserChoiceField(
        label=_("Primær konsulent"), queryset=User.objects.none(), empty_label=_("Vælg konsulent")
    )
    second_consultant = UserChoiceField(
        label=_("Anden konsulent"),
        queryset=User.objects.none(),
        empty_label=_("Vælg konsulent"),
        help_text=_("Skal være en anden person end den primære konsulent."),
    )
    leader = UserChoiceField(
        label=_("Leder, der godkender"),
        queryset=User.objects.none(),
        empty_label=_("Vælg leder"),
        help_text=_("Må ikke være en af sagens konsulenter."),
    )

    def __init__(self, *args: Any, previous: Case, staff: "StaffChoices", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "primary_consultant", staff.consultants)
        set_choices(self, "second_consultant", staff.consultants)
        set_choices(self, "leader", staff.leaders)
        if not self.is_bound:
            # Only people who may still take the case are preselected; the others must be chosen again.
            for name, role in (
                ("primary_consultant", Role.CONSULTANT),
                ("second_consultant", Role.CONSULTANT),
                ("leader", Role.LEADER),
            ):
                person = getattr(previous, name)
                if person.is_active and person.role == role and person.socialtilsyn_id == previous.socialtilsyn_id:
                    self.initial.setdefault(name, person.pk)


class ReasonForm(forms.Form):
    """One required free-text reason, checked for CPR numbers before anything is stored."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self,
        *args: Any,
        label: StrOrPromise,
        required_message: StrOrPromise,
        help_text: StrOrPromise = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.help_text = help_text
        field.error_messages["required"] = required_message

    def clean_reason(self) -> str:
        text = self.cleaned_data["reason"].strip()
        if refusal := cpr_check(text):
            raise forms.ValidationError(refusal)
        return text


def cancel_form(data: QueryDict | None = None) -> ReasonForm:
    return ReasonForm(
        data,
        prefix="annuller",
        label=_("Hvorfor annulleres sagen?"),
        required_message=_("Skriv, hvorfor sagen annulleres."),
        help_text=_("Begrundelsen står i sagens historik. Skriv ikke navne eller CPR-numre på borgere."),
    )


def change_notice_form(data: QueryDict | None = None) -> ReasonForm:
    return ReasonForm(
        data,
        prefix="aendring",
        label=_("Hvad har ændret sig?"),
        required_message=_("Beskriv ændringen."),
        help_text=_(
            "Fx at nøglepersoner er stoppet, at tilbuddet har fået en ny målgruppe, eller at antallet af borgere "
            "har ændret sig. Skriv ikke navne eller CPR-numre på borgere."
        ),
    )


def notice_handle_form(notice_pk: int, data: QueryDict | None = None) -> ReasonForm:
    return ReasonForm(
        data,
        prefix=f"anmeldelse-{notice_pk}",
        label=_("Begrundelse"),
        required_message=_("Begrund beslutningen."),
        help_text=_("Begrundelsen står i sagens historik. Skriv ikke navne eller CPR-numre på borgere."),
    )
