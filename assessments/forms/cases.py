"""Forms of the consultants' and leaders' case pages. Validation only; assessments.services decide and store."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from assessments.models import Case, StateChoices
from core.validators import sane_date
from privacy.text import cpr_check
from suppliers.models import Department, Supplier
from targetgroups.models import (
    AssessmentGuide,
    FormQuestion,
    FormTemplate,
    PlacementRule,
    TargetGroup,
    TargetGroupDescription,
    VersionStatus,
)

DEFAULT_DEADLINE_DAYS = 21
RELEASED = Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.RETIRED])


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class DepartmentSelect(forms.Select):
    """A department select whose options name their supplier, so static/js/case_form.js can offer only the
    departments of the supplier chosen. Without JavaScript every department is listed (the label names the
    supplier) and CaseCreateForm.clean refuses a department of another supplier."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-supplier"] = instance.supplier_id
        return option


class DepartmentChoiceField(forms.ModelChoiceField):
    widget = DepartmentSelect

    def label_from_instance(self, obj: Department) -> str:
        return f"{obj.supplier.name} – {obj.name}"


def target_group_readiness(on: datetime.date) -> tuple[set[int], dict[TargetGroup, list[str]]]:
    """Which target groups a case can open on today (all four versions in force), and what the others lack.

    Four queries in all, whatever the number of target groups.
    """

    def ids(model) -> set[int]:
        return set(
            model.objects.filter(RELEASED, valid_from__lte=on, target_group__isnull=False).values_list(
                "target_group_id", flat=True
            )
        )

    descriptions, guides, templates = ids(TargetGroupDescription), ids(AssessmentGuide), ids(FormTemplate)
    rules = PlacementRule.objects.filter(RELEASED, valid_from__lte=on)
    national_rule = rules.filter(target_group__isnull=True).exists()
    own_rules = set(rules.filter(target_group__isnull=False).values_list("target_group_id", flat=True))
    ready: set[int] = set()
    missing: dict[TargetGroup, list[str]] = {}
    for group in TargetGroup.objects.order_by("name", "age_band"):
        lacks = []
        if group.pk not in descriptions:
            lacks.append(str(_("målgruppebeskrivelse")))
        if group.pk not in guides:
            lacks.append(str(_("vejledning")))
        if group.pk not in templates:
            lacks.append(str(_("oplysningsskema")))
        if not national_rule and group.pk not in own_rules:
            lacks.append(str(_("indplaceringsregel")))
        if lacks:
            missing[group] = lacks
        else:
            ready.add(group.pk)
    return ready, missing


class CaseFilterForm(forms.Form):
    """The filters above the case list (GET)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    maalgruppe = forms.ModelChoiceField(
        label=_("Målgruppe"), queryset=TargetGroup.objects.none(), required=False, empty_label=_("Alle målgrupper")
    )

    def __init__(self, *args, target_groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle statusser")), *StateChoices.choices]
        if target_groups is not None:
            self.fields["maalgruppe"].queryset = target_groups


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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        tilsyn = user.socialtilsyn_id
        self.fields["supplier"].queryset = Supplier.objects.filter(socialtilsyn_id=tilsyn).order_by("name")
        self.fields["department"].queryset = (
            Department.objects.filter(supplier__socialtilsyn_id=tilsyn)
            .select_related("supplier")
            .order_by("supplier__name", "name")
        )
        staff = User.objects.filter(socialtilsyn_id=tilsyn, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        consultants = staff.filter(role=Role.CONSULTANT)
        self.fields["primary_consultant"].queryset = consultants
        self.fields["second_consultant"].queryset = consultants
        self.fields["leader"].queryset = staff.filter(role=Role.LEADER)
        if user.role == Role.CONSULTANT and not self.is_bound:
            self.initial.setdefault("primary_consultant", user.pk)
        ready, self.unavailable_target_groups = target_group_readiness(timezone.localdate())
        self.fields["target_group"].queryset = TargetGroup.objects.filter(pk__in=ready).order_by("name", "age_band")
        if self.unavailable_target_groups:
            self.fields["target_group"].help_text = _(
                "Kun målgrupper med offentliggjort beskrivelse, vejledning, oplysningsskema og indplaceringsregel "
                "kan vælges. Se listen under formularen."
            )

    def clean(self):
        data = super().clean()
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS)
        self.fields["deadline"].input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]

    def clean_deadline(self):
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

    def __init__(self, *args, questions: list[FormQuestion], **kwargs):
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

    def clean(self):
        data = super().clean()
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

    def question_fields(self, question: FormQuestion):
        return self[f"q_{question.pk}"], self[f"c_{question.pk}"]
