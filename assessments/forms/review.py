"""Forms of the judgement and reconciliation pages. Validation only; assessments.services.review decides.

A draft judgement may be incomplete (level and reasons are required only when the judgement is submitted),
so the judgement form requires nothing; the reconciliation form requires both. The citation checkboxes
offer only the questions, criteria and description boxes of this parameter in the case's bound versions.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import LevelChoices
from targetgroups.models import DescriptionCell, FormQuestion, GuideCriterion

AGREE, DISAGREE = "enig", "uenig"
FORM_ID = "parameter-form"


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: FormQuestion) -> str:
        return obj.label


class CriterionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: GuideCriterion) -> str:
        return _("Kriteriet for %(level)s niveau") % {"level": obj.get_level_display().lower()}


class CellChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: DescriptionCell) -> str:
        return f"{obj.reference} – {obj.get_parameter_display()}, {obj.get_level_display().lower()}"


class _CitationsMixin(forms.Form):
    """Checkboxes for the evidence a judgement rests on, limited to what the page shows."""

    cited_questions = QuestionChoiceField(
        label=_("Leverandørens svar"),
        queryset=FormQuestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cited_criteria = CriterionChoiceField(
        label=_("Vejledningens kriterier"),
        queryset=GuideCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cited_cells = CellChoiceField(
        label=_("Bokse i målgruppebeskrivelsen"),
        queryset=DescriptionCell.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, questions, criteria, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cited_questions"].queryset = questions
        self.fields["cited_criteria"].queryset = criteria
        self.fields["cited_cells"].queryset = cells
        for name in ("cited_questions", "cited_criteria", "cited_cells"):
            # The checkboxes stand next to what they cite, outside the <form> element, hence form=.
            self.fields[name].widget.attrs.update({"class": "form-checkbox", "form": FORM_ID})

    def citations(self) -> dict:
        data = self.cleaned_data
        return {
            "questions": list(data.get("cited_questions") or ()),
            "criteria": list(data.get("cited_criteria") or ()),
            "cells": list(data.get("cited_cells") or ()),
        }


class ParameterJudgementForm(_CitationsMixin):
    """One parameter of the consultant's own judgement (a draft may leave fields empty)."""

    level = forms.TypedChoiceField(
        label=_("Hvilket niveau er parameteren opfyldt på?"),
        choices=LevelChoices.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Begrundelse"),
        help_text=_(
            "Skal udfyldes, før vurderingen kan afgives. Henvis til leverandørens svar og vejledningens "
            "kriterier. Skriv aldrig cpr-numre eller navne på borgere."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    field_order = ["level", "reasons", "cited_questions", "cited_criteria", "cited_cells"]


class ReviewForm(forms.Form):
    """Review mode: the second consultant agrees or disagrees with the judge's level, with reasons."""

    review_agrees = forms.TypedChoiceField(
        label=_("Er du enig i niveauet?"),
        choices=[(AGREE, _("Enig")), (DISAGREE, _("Uenig"))],
        coerce=lambda value: value == AGREE,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    review_reasons = forms.CharField(
        label=_("Bemærkning"),
        help_text=_("Skal udfyldes, hvis du er uenig. Skriv aldrig cpr-numre eller navne på borgere."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @staticmethod
    def initial_for(parameter_judgement) -> dict:
        if parameter_judgement is None:
            return {}
        agrees = parameter_judgement.review_agrees
        return {
            "review_agrees": None if agrees is None else (AGREE if agrees else DISAGREE),
            "review_reasons": parameter_judgement.review_reasons,
        }


class ResolveForm(_CitationsMixin):
    """The agreed level of one parameter, with the shared reasons."""

    level = forms.TypedChoiceField(
        label=_("Aftalt niveau"),
        choices=LevelChoices.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg det niveau, I er enige om.")},
    )
    reasons = forms.CharField(
        label=_("Fælles begrundelse"),
        help_text=_("Begrundelsen indgår i afgørelsen. Skriv aldrig cpr-numre eller navne på borgere."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Skriv den fælles begrundelse.")},
    )

    field_order = ["level", "reasons", "cited_questions", "cited_criteria", "cited_cells"]
