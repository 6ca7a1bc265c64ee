"""Forms of the fagadministrator's pages. Validation only; the services decide and store."""

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.validators import INTEGER_LIMIT, sane_date

from .domain.columns import columns_to_text, parse_columns
from .domain.questions import CHOICE_KINDS, TEXT_KINDS
from .inputs import GENERAL, SLUG_PATTERN, QuestionInput
from .models import FormQuestion, FormTemplate, GuideCriterion, QuestionKind, SupplierParameterChoices

PARAMETER_CHOICES = [(GENERAL, _("Generelt – hører ikke til én parameter")), *SupplierParameterChoices.choices]

KIND_HINTS = {
    QuestionKind.INTEGER: _("Et antal, fx antal pladser. Du kan sætte en mindste og højeste værdi."),
    QuestionKind.YES_NO: _("Leverandøren svarer ja eller nej."),
    QuestionKind.SINGLE: _("Leverandøren vælger én af de muligheder, du skriver."),
    QuestionKind.MULTIPLE: _("Leverandøren kan vælge flere af de muligheder, du skriver."),
    QuestionKind.SHORT_TEXT: _("Et kort svar på én linje, højst 300 tegn."),
    QuestionKind.LONG_TEXT: _("En beskrivelse. Sæt gerne en grænse for antal ord, fx 500."),
    QuestionKind.DATE: _("En dato, fx datoen for den seneste opgørelse."),
    QuestionKind.FILE: _("Leverandøren vedhæfter en eller flere filer, fx vagtplaner."),
    QuestionKind.TABLE: _("Rækker med faste kolonner, fx én række pr. medarbejder eller samarbejdspartner."),
}

COLUMNS_HELP = _(
    "Én kolonne pr. linje: nøgle | overskrift | type | ekstra | valgfri. Typen er tal, ja/nej, valg eller "
    "tekst. Ved valg skrives mulighederne adskilt af semikolon, fx «ansaettelse | Ansættelse | valg | Fast; "
    "Vikar». Ved tal kan grænser skrives som 0-60, min 0 eller maks 60. Skriv valgfri til sidst, hvis "
    "kolonnen ikke skal udfyldes."
)


class CriterionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: GuideCriterion) -> str:
        parameter, level = obj.guide_parameter.get_parameter_display(), obj.get_level_display().lower()
        return f"{parameter}, {level}: {Truncator(obj.text).chars(110)}"


class FormTemplateForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    introduction = forms.CharField(
        label=_("Indledning til leverandøren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vises øverst i skemaet. Forklar kort, hvad skemaet bruges til, og hvordan det udfyldes."),
    )
    change_note = forms.CharField(
        label=_("Ændringsnote"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvad er ændret i forhold til den forrige version? Vises i versionshistorikken."),
    )

    @classmethod
    def initial_for(cls, template: FormTemplate) -> dict:
        return {"title": template.title, "introduction": template.introduction, "change_note": template.change_note}


class QuestionKindForm(forms.Form):
    """The first step of adding a question: its type decides which fields the question form shows."""

    type = forms.ChoiceField(
        label=_("Hvilken type svar skal leverandøren give?"),
        choices=[(k, f"{label} – {KIND_HINTS[QuestionKind(k)]}") for k, label in QuestionKind.choices],
        widget=forms.RadioSelect,
    )
    parameter = forms.ChoiceField(label=_("Parameter"), choices=PARAMETER_CHOICES, initial=GENERAL)


class QuestionForm(forms.Form):
    """A question of a draft. Only the fields that fit `kind` are present."""

    kind = forms.ChoiceField(choices=QuestionKind.choices, widget=forms.HiddenInput)
    parameter = forms.ChoiceField(
        label=_("Parameter"),
        choices=PARAMETER_CHOICES,
        help_text=_("Spørgsmålet vises under denne parameter i skemaet."),
    )
    label = forms.CharField(
        label=_("Spørgsmål"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Stil ét præcist spørgsmål i almindeligt dansk."),
    )
    help_text = forms.CharField(
        label=_("Hjælpetekst til leverandøren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Skriv, hvad leverandøren skal oplyse – og hvad der ikke skal med: ingen navne, CPR-numre eller "
            "beskrivelser af enkelte borgere, kun antal og generelle beskrivelser."
        ),
    )
    key = forms.CharField(
        label=_("Nøgle"),
        max_length=80,
        help_text=_(
            "Bruges til at genbruge leverandørens svar fra sidste skema. Små bogstaver a-z, tal og bindestreg, "
            "fx «aktiv-praksis-borgere-hoejt». Behold nøglen, når spørgsmålet betyder det samme som før."
        ),
    )
    required = forms.BooleanField(label=_("Skal besvares"), required=False, initial=True)
    min_value = forms.IntegerField(
        label=_("Mindsteværdi"), required=False, min_value=-INTEGER_LIMIT, max_value=INTEGER_LIMIT
    )
    max_value = forms.IntegerField(
        label=_("Højeste værdi"), required=False, min_value=-INTEGER_LIMIT, max_value=INTEGER_LIMIT
    )
    max_words = forms.IntegerField(
        label=_("Højst antal ord"),
        required=False,
        min_value=1,
        max_value=INTEGER_LIMIT,
        help_text=_("Fx 500. Lad feltet stå tomt, hvis der ikke er en grænse."),
    )
    choices = forms.CharField(
        label=_("Svarmuligheder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Én svarmulighed pr. linje, mindst to."),
    )
    columns = forms.CharField(
        label=_("Tabellens kolonner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 7, "class": "form-input--monospace"}),
        help_text=COLUMNS_HELP,
    )
    max_rows = forms.IntegerField(
        label=_("Højst antal rækker"),
        required=False,
        min_value=1,
        max_value=INTEGER_LIMIT,
        help_text=_("Lad feltet stå tomt, hvis der ikke er en grænse."),
    )
    criteria = CriterionChoiceField(
        label=_("Kriterier i vejledningen, som spørgsmålet giver oplysninger til"),
        queryset=GuideCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
        QuestionKind.INTEGER: ("min_value", "max_value"),
        QuestionKind.SHORT_TEXT: ("max_words",),
        QuestionKind.LONG_TEXT: ("max_words",),
        QuestionKind.SINGLE: ("choices",),
        QuestionKind.MULTIPLE: ("choices",),
        QuestionKind.TABLE: ("columns", "max_rows"),
    }
    KIND_SPECIFIC = {"min_value", "max_value", "max_words", "choices", "columns", "max_rows"}

    def __init__(
        self, *args: Any, template: FormTemplate, kind: str, criteria: QuerySet[GuideCriterion], **kwargs: Any
    ) -> None:
        """`criteria`: the guide criteria a question may cite (targetgroups.selectors.guide_criteria_of_template)."""
        super().__init__(*args, **kwargs)
        self.template = template
        self.question_kind = kind
        self.fields["kind"].initial = kind
        keep = set(self.FIELDS_BY_KIND.get(kind, ()))
        for name in self.KIND_SPECIFIC - keep:
            del self.fields[name]
        for name in ("choices", "columns"):
            if name in self.fields:
                self.fields[name].required = True
        field = cast(CriterionChoiceField, self.fields["criteria"])
        field.queryset = criteria
        # Order the criteria as the eight parameters are ordered, not by database id.
        order = {code: i for i, code in enumerate(SupplierParameterChoices.values)}
        ordered: Iterable[GuideCriterion] = sorted(
            criteria, key=lambda c: (order[c.guide_parameter.parameter], c.level)
        )
        field.choices = [(c.pk, field.label_from_instance(c)) for c in ordered]
        if kind == QuestionKind.FILE:
            self.fields["required"].help_text = _("Leverandøren skal vedhæfte mindst én fil.")

    @classmethod
    def initial_for(cls, question: FormQuestion) -> dict:
        return {
            "parameter": question.parameter or GENERAL,
            "label": question.label,
            "help_text": question.help_text,
            "key": question.key,
            "required": question.required,
            "min_value": question.min_value,
            "max_value": question.max_value,
            "max_words": question.max_words,
            "choices": "\n".join(question.choices or ()),
            "columns": columns_to_text(question.columns or ()),
            "max_rows": question.max_rows,
            "criteria": [c.pk for c in question.criteria.all()],
        }

    def clean_kind(self) -> str:
        if self.cleaned_data["kind"] != self.question_kind:
            raise forms.ValidationError(_("Spørgsmålstypen passer ikke til formularen. Indlæs siden igen."))
        return self.question_kind

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip()
        if not SLUG_PATTERN.fullmatch(key):
            raise forms.ValidationError(
                _("Nøglen må kun indeholde små bogstaver a-z, tal og bindestreg, fx «aktiv-praksis-antal».")
            )
        return key

    def clean_choices(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]
        if len(lines) < 2:
            raise forms.ValidationError(_("Skriv mindst to svarmuligheder, én pr. linje."))
        if len(set(lines)) != len(lines):
            raise forms.ValidationError(_("Den samme svarmulighed står flere gange."))
        return lines

    def clean_columns(self) -> list[dict]:
        columns, errors = parse_columns(self.cleaned_data["columns"])
        if errors:
            raise forms.ValidationError(errors)
        return columns

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("Den højeste værdi skal være mindst lige så stor som mindsteværdien."))
        return data

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(
            kind=self.question_kind,
            key=data["key"],
            label=data["label"],
            parameter="" if data["parameter"] == GENERAL else data["parameter"],
            help_text=data["help_text"],
            required=data["required"],
            min_value=data.get("min_value"),
            max_value=data.get("max_value"),
            max_words=data.get("max_words") if self.question_kind in TEXT_KINDS else None,
            choices=data.get("choices") or () if self.question_kind in CHOICE_KINDS else (),
            columns=data.get("columns") or (),
            max_rows=data.get("max_rows"),
            criteria=list(data["criteria"]),
        )


class PublishForm(forms.Form):
    valid_from = forms.DateField(
        validators=[sane_date],
        label=_("Gælder fra"),
        help_text=_("Sager, der oprettes fra denne dato, bruger den nye version. Skriv fx 01-03-2026."),
        input_formats=["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d-%m-%Y"),
    )
    confirm = forms.BooleanField(
        label=_("Jeg forstår, at den offentliggjorte version ikke kan ændres bagefter."),
        error_messages={"required": _("Sæt kryds for at bekræfte.")},
    )

    def __init__(self, *args: Any, current: FormTemplate | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current  # the version in force, if any: the new one cannot start before it

    def clean_valid_from(self) -> datetime.date:
        valid_from: datetime.date = self.cleaned_data["valid_from"]
        current = self.current
        if current is not None and current.valid_from and valid_from < current.valid_from:
            raise forms.ValidationError(
                _("Datoen kan ikke ligge før %(date)s, hvor den gældende version %(v)d begyndte at gælde.")
                % {"date": date_format(current.valid_from), "v": current.version}
            )
        return valid_from
