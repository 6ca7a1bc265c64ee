"""Forms of the consultants' and leaders' case pages. Validation only; assessments.services decide and store.

The querysets of their choices come from assessments.selectors (through the view); no form queries itself.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from assessments.models import Case, StateChoices
from core.validators import sane_date
from privacy.text import cpr_check
from suppliers.models import Department, Supplier
from targetgroups.models import FormQuestion, TargetGroup

if TYPE_CHECKING:  # the choices' type only; the view passes them in from the selector
    from assessments.selectors.case_choices import CaseCreateChoices

DEFAULT_DEADLINE_DAYS = 21


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class DepartmentSelect(forms.Select):
    """A department select whose options name their supplier, so static/js/case_form.js can offer only the
    departments of the supplier chosen. Without JavaScript every department is listed (the label names the
    supplier) and CaseCreateForm.clean refuses a department of another supplier."""

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-supplier"] = instance.supplier_id
        return option


class DepartmentChoiceField(forms.ModelChoiceField):
    widget = DepartmentSelect

    def label_from_instance(self, obj: Department) -> str:
        return f"{obj.supplier.name} – {obj.name}"


def set_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Give a choice field of `form` its queryset (from a selector)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class CaseFilterForm(forms.Form):
    """The filters above the case list (GET)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    maalgruppe = forms.ModelChoiceField(
        label=_("Målgruppe"), queryset=TargetGroup.objects.none(), required=False, empty_label=_("Alle målgrupper")
    )

    def __init__(self, *args: Any, target_groups: QuerySet[TargetGroup] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("Alle statusser")), *StateChoices.choices]
        if target_groups is not None:
            set_choices(self, "maalgruppe", target_groups)


class CaseCreateForm(forms.Form):
    supplier = forms.ModelChoiceField(
        label=_("Leverandør"), queryset=Supplier.objects.none(), empty_label=_("Vælg leverandør")
    )
    department = DepartmentChoiceField(
        label=_("Afdeling"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Hele leverandøren"),
        widget=DepartmentSelect(attrs={"data-follows": "id_supplier"}),
        help_text=_("Vælg en afdeling, hvis kun den skal vurderes. Afdelingen skal høre til den valgte leverandør."),
    )
    target_group = forms.ModelChoiceField(
        label=_("Målgruppe"), queryset=TargetGroup.objects.none(), empty_label=_("Vælg målgruppe")
    )
    primary_consultant = UserChoiceField(
        label=_("Primær konsulent"),
        queryset=User.objects.none(),
        empty_label=_("Vælg konsulent"),
        help_text=_("Anmoder om oplysninger, holder interview og vurderer."),
    )
    second_consultant = UserChoiceField(
        label=_("Anden konsulent"),
        queryset=User.objects.none(),
        empty_label=_("Vælg konsulent"),
        help_text=_("Vurderer også, så to forskellige personer står bag resultatet."),
    )
    leader = UserChoiceField(
        label=_("Leder, der godkender"),
        queryset=User.objects.none(),
        empty_label=_("Vælg leder"),
        help_text=_("Må ikke være en af sagens konsulenter."),
    )
    mode = forms.ChoiceField(
        label=_("Arbejdsform"), choices=Case.Mode.choices, initial=Case.Mode.DOUBLE_BLIND, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, user: User, choices: "CaseCreateChoices", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "supplier", choices.suppliers)
        set_choices(self, "department", choices.departments)
        set_choices(self, "primary_consultant", choices.staff.consultants)
        set_choices(self, "second_consultant", choices.staff.consultants)
        set_choices(self, "leader", choices.staff.leaders)
        if user.role == Role.CONSULTANT and not self.is_bound:
            self.initial.setdefault("primary_consultant", user.pk)
        self.unavailable_target_groups = choices.unavailable_target_groups
        set_choices(self, "target_group", choices.target_groups)
        if self.unavailable_target_groups:
            self.fields["target_group"].help_text = _(
                "Kun målgrupper med offentliggjort beskrivelse, vejledning, oplysningsskema og indplaceringsregel "
                "kan vælges. Se listen under formularen."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        supplier, department = data.get("supplier"), data.get("department")
        if supplier and department and department.supplier_id != supplier.pk:
            self.add_error(
                "department",
                _("Afdelingen «%(dept)s» hører ikke til %(supplier)s. Vælg en af leverandørens egne afdelinger.")
                % {"dept": department.name, "supplier": supplier.name},
            )
        # One open case per subject is the service's rule (case_open, backed by a unique index); its
        # ValidationError lands next to the target group.
        return data


class FormRequestForm(forms.Form):
    deadline = forms.DateField(
        validators=[sane_date],
        label=_("Frist for svar"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leverandøren får en påmindelse 7 dage og 1 dag før fristen."),
        error_messages={"invalid": _("Skriv en gyldig dato, fx 01-03-2026.")},
    )
    message = forms.CharField(
        label=_("Besked til leverandøren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vises øverst i skemaet. Skriv ikke navne eller CPR-numre på borgere."),
    )
    reuse = forms.BooleanField(label=_("Genbrug svar fra sidste indsendte skema"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        deadline = self.fields["deadline"]
        assert isinstance(deadline, forms.DateField)
        deadline.initial = timezone.localdate() + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS)
        deadline.input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]

    def clean_deadline(self) -> datetime.date:
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise ValidationError(_("Fristen skal ligge efter i dag."))
        return deadline


class SupplementForm(forms.Form):
    """Pick the questions the supplier must amend: a checkbox and a comment per question, and one overall comment.

    Fields are named q_<question pk> and c_<question pk>; `groups` keeps them in the order of the form.
    """

    comment = forms.CharField(
        label=_("Samlet besked til leverandøren"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Forklar kort, hvorfor I beder om supplering. Skriv ikke navne eller CPR-numre på borgere."),
        error_messages={"required": _("Skriv en besked til leverandøren.")},
    )

    def __init__(self, *args: Any, questions: list[FormQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q_{question.pk}"] = forms.BooleanField(
                label=_("Bed om supplering af dette spørgsmål"), required=False
            )
            self.fields[f"c_{question.pk}"] = forms.CharField(
                label=_("Hvad mangler?"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The overall comment comes last, as on the page (the error summary links to the first field).
        self.fields["comment"] = self.fields.pop("comment")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        picked = [q for q in self.questions if data.get(f"q_{q.pk}")]
        for question in self.questions:
            text = (data.get(f"c_{question.pk}") or "").strip()
            if not text:
                continue
            if question not in picked:
                self.add_error(f"c_{question.pk}", _("Sæt kryds ved spørgsmålet, hvis det skal suppleres."))
            elif refusal := cpr_check(text):
                self.add_error(f"c_{question.pk}", refusal)
        if data.get("comment") and (refusal := cpr_check(data["comment"])):
            self.add_error("comment", refusal)
        if not picked:
            raise ValidationError(_("Vælg mindst ét spørgsmål, der skal suppleres."), code="none_picked")
        data["items"] = [(q, (data.get(f"c_{q.pk}") or "").strip()) for q in picked]
        return data

    def question_fields(self, question: FormQuestion) -> tuple[forms.BoundField, forms.BoundField]:
        return self[f"q_{question.pk}"], self[f"c_{question.pk}"]
