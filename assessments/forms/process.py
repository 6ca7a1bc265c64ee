"""The filters of the process figures (sagsforløb): a GET form. Validation only; the choices come from the view."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from assessments.domain.process import DEFAULT_PERIOD_MONTHS, PERIOD_MONTHS
from assessments.forms.widgets import PlainSelect


def period_label(months: int) -> str:
    if months % 12 == 0 and months > 12:
        return str(ngettext_lazy("Seneste %(n)d år", "Seneste %(n)d år", months // 12) % {"n": months // 12})
    return str(ngettext_lazy("Seneste %(n)d måned", "Seneste %(n)d måneder", months) % {"n": months})


class ProcessFilterForm(forms.Form):
    # Every filter is optional by nature; saying so on each one is noise.
    hide_optional_marker = True

    socialtilsyn = forms.TypedChoiceField(
        widget=PlainSelect, label=_("Socialtilsyn"), coerce=int, required=False, empty_value=None
    )
    maalgruppe = forms.TypedChoiceField(
        widget=PlainSelect, label=_("Målgruppe"), coerce=int, required=False, empty_value=None
    )
    periode = forms.TypedChoiceField(
        widget=PlainSelect,
        label=_("Periode"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(
        self,
        *args: Any,
        target_groups: Sequence[tuple[int, str]],
        socialtilsyn: Sequence[tuple[int, str]] | None,
        **kwargs: Any,
    ) -> None:
        """Choices as (pk, name) pairs; `socialtilsyn` None: the user sees one socialtilsyn, the filter is left out."""
        super().__init__(*args, **kwargs)
        self.fields["maalgruppe"].choices = [("", _("Alle målgrupper")), *target_groups]  # type: ignore[attr-defined]
        self.fields["periode"].choices = [(m, period_label(m)) for m in PERIOD_MONTHS]  # type: ignore[attr-defined]
        if socialtilsyn is None:
            del self.fields["socialtilsyn"]
        else:
            self.fields["socialtilsyn"].choices = [("", _("Alle socialtilsyn")), *socialtilsyn]  # type: ignore[attr-defined]

    def chosen(self) -> dict[str, Any]:
        """The valid filters, with the defaults for what was not chosen (an invalid form shows its errors and the
        page its default figures)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "socialtilsyn": data.get("socialtilsyn"),
            "maalgruppe": data.get("maalgruppe"),
            "periode": data.get("periode") or DEFAULT_PERIOD_MONTHS,
        }
