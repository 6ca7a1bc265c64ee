"""The filters above the agreement statistics and the calibration page (GET). Choices come from the view
(assessments.selectors.statistics.statistics_choices), so validating costs no query."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.domain.agreement import half_year_from_key
from assessments.forms.widgets import PlainSelect


def _typed(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(widget=PlainSelect, label=label, required=False, coerce=int, empty_value=None)


EMPTY = {
    "maalgruppe": _("Alle målgrupper"),
    "socialtilsyn": _("Alle socialtilsyn"),
    "vejledning": _("Alle versioner"),
}


class StatisticsFilterForm(forms.Form):
    maalgruppe = _typed(_("Målgruppe"))
    socialtilsyn = _typed(_("Socialtilsyn"))
    vejledning = _typed(_("Vejledning"))
    fra = forms.ChoiceField(widget=PlainSelect, label=_("Fra halvår"), required=False)
    til = forms.ChoiceField(widget=PlainSelect, label=_("Til og med halvår"), required=False)

    def __init__(
        self,
        *args: Any,
        target_groups: list[tuple[int, str]],
        socialtilsyn: list[tuple[int, str]] | None,
        guides: list[tuple[int, str]],
        half_years: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        """Choices as (value, label); `socialtilsyn` None: the user sees one socialtilsyn only (no filter)."""
        super().__init__(*args, **kwargs)
        self._add_choices("maalgruppe", target_groups)
        self._add_choices("vejledning", guides)
        if socialtilsyn is None:
            del self.fields["socialtilsyn"]
        else:
            self._add_choices("socialtilsyn", socialtilsyn)
        for name, empty in (("fra", _("Første halvår med data")), ("til", _("Seneste halvår med data"))):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", empty), *half_years]

    def _add_choices(self, name: str, choices: list[tuple[int, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", EMPTY[name]), *choices]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = half_year_from_key(cleaned.get("fra")), half_year_from_key(cleaned.get("til"))
        if start and end and start > end:
            self.add_error("til", _("Vælg et halvår, der ligger efter eller er det samme som «Fra halvår»."))
        return cleaned
