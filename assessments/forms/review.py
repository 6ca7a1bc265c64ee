"""Forms of the judgement and reconciliation pages. Validation only; assessments.services.review decides.

A draft judgement may be incomplete (level and reasons are required only when the judgement is submitted),
so the judgement form requires nothing; the reconciliation form requires both. The citation checkboxes
offer only the questions, criteria and description boxes of this parameter in the case's bound versions.
"""

import copy
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from assessments.domain.review import PARAMETER_ORDER
from assessments.models import LevelChoices, ParameterJudgement
from core.templatetags.choices import label  # get_FIELD_display without translating every choice per call
from targetgroups.models import DescriptionCell, FormQuestion, GuideCriterion

if TYPE_CHECKING:  # the page types only; forms read nothing themselves
    from assessments.selectors.review import ParameterPage
    from assessments.selectors.review_evidence import Evidence

AGREE, DISAGREE = "enig", "uenig"
FORM_ID = "parameter-form"


class LoadedChoiceIterator(ModelChoiceIterator):
    """The choices of a model choice field from rows already in memory (the queryset's, in its order)."""

    def __init__(self, field: forms.ModelChoiceField, objects: list[Any]) -> None:
        super().__init__(field)
        self.objects = objects

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.objects:
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.objects) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.objects)


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: FormQuestion) -> str:
        return obj.label


class CriterionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: GuideCriterion) -> str:
        return _("Kriteriet for %(level)s niveau") % {"level": label(obj, "level").lower()}


class CellChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: DescriptionCell) -> str:
        return f"{obj.reference} – {label(obj, 'parameter')}, {label(obj, 'level').lower()}"


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

    def __init__(
        self,
        *args: Any,
        questions: QuerySet[FormQuestion],
        criteria: QuerySet[GuideCriterion],
        cells: QuerySet[DescriptionCell],
        loaded: dict[str, list[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("cited_questions", questions), ("cited_criteria", criteria), ("cited_cells", cells)):
            field = self.fields[name]
            field.queryset = queryset  # type: ignore[attr-defined]
            if loaded is not None and name in loaded:
                # The page has read these rows already: list them from memory (validation still filters the
                # queryset, so a posted value outside it is refused as before).
                field.iterator = partial(LoadedChoiceIterator, objects=loaded[name])  # type: ignore[attr-defined]
                field.widget.choices = field.choices  # type: ignore[attr-defined]
        for name in ("cited_questions", "cited_criteria", "cited_cells"):
            # The checkboxes stand next to what they cite, outside the <form> element, hence form=.
            self.fields[name].widget.attrs.update({"class": "form-checkbox", "form": FORM_ID})

    def citations(self) -> dict[str, list[Any]]:
        data = self.cleaned_data
        return {
            "questions": list(data.get("cited_questions") or ()),
            "criteria": list(data.get("cited_criteria") or ()),
            "cells": list(data.get("cited_cells") or ()),
        }

    def values(self) -> dict[str, Any]:
        """The cleaned input as the service's keyword arguments."""
        return {"level": self.cleaned_data["level"], "reasons": self.cleaned_data["reasons"], **self.citations()}

    def place_on(self, evidence: "Evidence") -> None:
        """Put each citation checkbox next to the thing it cites (criterion column, box, answer)."""

        def by_value(name: str) -> dict[str, Any]:
            return {str(sw.data["value"]): sw for sw in self[name]}

        questions, criteria, cells = by_value("cited_questions"), by_value("cited_criteria"), by_value("cited_cells")
        for answer in evidence.answers:
            answer["checkbox"] = questions.get(str(answer["question"].pk))
        for column in evidence.columns:
            column["checkbox"] = criteria.get(str(column["criterion"].pk)) if column["criterion"] else None
        evidence.cell_boxes = [{"cell": c, "checkbox": cells[str(c.pk)]} for c in evidence.cells if str(c.pk) in cells]


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
    def initial_for(parameter_judgement: ParameterJudgement | None) -> dict[str, Any]:
        if parameter_judgement is None:
            return {}
        agrees = parameter_judgement.review_agrees
        return {
            "review_agrees": None if agrees is None else (AGREE if agrees else DISAGREE),
            "review_reasons": parameter_judgement.review_reasons,
        }

    def values(self) -> dict[str, Any]:
        """The cleaned input as the service's keyword arguments."""
        return dict(self.cleaned_data)


class ReviewSheetForm(forms.Form):
    """Review mode, all eight parameters on one page: a ReviewForm's two fields per parameter.

    The fields are named "<parameter>-review_agrees" and "<parameter>-review_reasons" (the names eight
    prefixed ReviewForms would have), so a service's error keyed by such a name lands beside its field.
    """

    def __init__(self, *args: Any, own: dict[str, ParameterJudgement], **kwargs: Any) -> None:
        initial = {
            f"{p}-{name}": value for p in PARAMETER_ORDER for name, value in ReviewForm.initial_for(own.get(p)).items()
        }
        super().__init__(*args, **(kwargs | {"initial": initial}))
        for parameter in PARAMETER_ORDER:
            for name, field in ReviewForm.base_fields.items():
                self.fields[f"{parameter}-{name}"] = copy.deepcopy(field)

    def reviews(self) -> dict[str, dict[str, Any]]:
        """The cleaned input per parameter: {parameter: {"review_agrees", "review_reasons"}}."""
        return {p: {name: self.cleaned_data[f"{p}-{name}"] for name in ReviewForm.base_fields} for p in PARAMETER_ORDER}

    def by_parameter(self) -> dict[str, tuple[BoundField, BoundField]]:
        """The (agree, reasons) inputs of each parameter, for the rows of the overview."""
        return {p: (self[f"{p}-review_agrees"], self[f"{p}-review_reasons"]) for p in PARAMETER_ORDER}


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


def judgement_form(page: "ParameterPage", data: Any = None) -> ReviewForm | ParameterJudgementForm:
    """The form of one parameter of the own judgement: agree/disagree in review mode, else level and reasons."""
    if page.status.is_review:
        return ReviewForm(data, initial=ReviewForm.initial_for(page.own))
    evidence = page.evidence
    return ParameterJudgementForm(
        data,
        initial=page.initial(),
        questions=evidence.questions_qs,
        criteria=evidence.criteria_qs,
        cells=evidence.cells_qs,
        loaded=evidence.choices(),
    )
