"""The placement search form and the filters of the agreement statistics (GET forms).

Validation only: the querysets of their choices come from assessments.selectors (through the view).
"""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.forms.widgets import PlainSelect
from assessments.models import LevelChoices
from suppliers.models import Socialtilsyn, Supplier
from suppliers.municipalities import BY_CODE, MUNICIPALITIES
from targetgroups.models import TargetGroup


class PlacementSearchForm(forms.Form):
    """The placement search (GET). `region` is a region's name, `municipality` a 3-digit municipality code."""

    # Every filter is optional by nature; saying so on each one is noise.
    hide_optional_marker = True

    q = forms.CharField(
        label=_("Søg på navn, adresse eller CVR-nummer"),
        help_text=_("Hele eller dele af ord, fx “bosted aarhus”. Stavefejl i navne tåles."),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Søgeteksten må højst være 100 tegn.")},
    )
    # Plain choices from lists the view loads once (they also label the result rows): no query per field.
    target_group = forms.TypedChoiceField(
        widget=PlainSelect,
        label=_("Målgruppe"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Vælg en af målgrupperne på listen.")},
    )
    age_band = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Aldersgruppe"),
        choices=[("", _("Alle aldersgrupper")), *TargetGroup.AgeBand.choices],
        required=False,
    )
    level = forms.TypedChoiceField(
        widget=PlainSelect,
        label=_("Specialiseringsniveau"),
        choices=[("", _("Alle niveauer")), *LevelChoices.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    socialtilsyn = forms.TypedChoiceField(
        widget=PlainSelect,
        label=_("Socialtilsyn"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Vælg et af socialtilsynene på listen.")},
    )
    region = forms.ChoiceField(widget=PlainSelect, label=_("Region"), required=False)
    municipality = forms.ChoiceField(widget=PlainSelect, label=_("Kommune"), required=False)
    ownership = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Ejerform"),
        choices=[("", _("Alle ejerformer")), *Supplier.Ownership.choices],
        required=False,
    )
    matrikelloes = forms.TypedChoiceField(
        widget=PlainSelect,
        label=_("Matrikelløs indsats"),
        choices=[("", _("Alle")), ("ja", _("Kun matrikelløse")), ("nej", _("Ikke matrikelløse"))],
        coerce=lambda v: v == "ja",
        required=False,
        empty_value=None,
    )

    def __init__(
        self,
        *args: Any,
        target_groups: Sequence[TargetGroup],
        socialtilsyn: Sequence[Socialtilsyn],
        regions: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        target_group = cast(forms.TypedChoiceField, self.fields["target_group"])
        target_group.choices = [("", _("Alle målgrupper")), *((tg.pk, str(tg)) for tg in target_groups)]
        tilsyn = cast(forms.TypedChoiceField, self.fields["socialtilsyn"])
        tilsyn.choices = [("", _("Alle socialtilsyn")), *((t.pk, t.name) for t in socialtilsyn)]
        region = cast(forms.ChoiceField, self.fields["region"])
        region.choices = [("", _("Alle regioner")), *((name, name) for name in regions)]
        municipality = cast(forms.ChoiceField, self.fields["municipality"])
        municipality.choices = [
            ("", _("Alle kommuner")),
            *((m.code, m.name) for m in sorted(MUNICIPALITIES, key=lambda m: m.name)),
        ]
        for name, message in (
            ("region", _("Vælg en af regionerne på listen.")),
            ("municipality", _("Vælg en af kommunerne på listen.")),
            ("age_band", _("Vælg en af aldersgrupperne på listen.")),
            ("ownership", _("Vælg en af ejerformerne på listen.")),
            ("level", _("Vælg et af niveauerne på listen.")),
            ("matrikelloes", _("Vælg ja, nej eller alle.")),
        ):
            self.fields[name].error_messages["invalid_choice"] = message

    def clean_q(self) -> str:
        text = " ".join(self.cleaned_data["q"].split())
        if text and sum(ch.isalnum() for ch in text) < 2:
            raise forms.ValidationError(_("Skriv mindst to bogstaver eller tal."))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        region, code = data.get("region"), data.get("municipality")
        if region and code and BY_CODE[code].region != region:
            self.add_error(
                "municipality",
                _("%(municipality)s Kommune ligger ikke i %(region)s.")
                % {"municipality": BY_CODE[code].name, "region": region},
            )
        return data

    def filters(self) -> dict[str, Any]:
        """The cleaned filters as keyword arguments of selectors.placements.search_placements (target group and
        socialtilsyn as ids)."""
        data = self.cleaned_data
        return {
            "target_group": data.get("target_group"),
            "age_band": data.get("age_band") or None,
            "level": data.get("level"),
            "socialtilsyn": data.get("socialtilsyn"),
            "region": data.get("region") or None,
            "municipality": data.get("municipality") or None,
            "ownership": data.get("ownership") or None,
            "matrikelloes": data.get("matrikelloes"),
            "text": data.get("q") or "",
        }
