"""The filters of the register of current placements and of the agreement statistics (GET forms).

Validation only: the querysets of their choices come from assessments.selectors (through the view).
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assessments.forms.cases import set_choices
from assessments.models import LevelChoices
from suppliers.models import Socialtilsyn
from targetgroups.models import TargetGroup


class RegisterFilter(forms.Form):
    # Every filter is optional by nature; saying so on each one is noise.
    hide_optional_marker = True

    q = forms.CharField(label=_("Leverandør, afdeling eller CVR-nummer"), required=False, max_length=100)
    target_group = forms.ModelChoiceField(
        label=_("Målgruppe"), queryset=TargetGroup.objects.none(), required=False, empty_label=_("Alle målgrupper")
    )
    level = forms.TypedChoiceField(
        label=_("Specialiseringsniveau"),
        choices=[("", _("Alle niveauer")), *LevelChoices.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    socialtilsyn = forms.ModelChoiceField(
        label=_("Socialtilsyn (region)"), queryset=Socialtilsyn.objects.none(), required=False, empty_label=_("Alle")
    )
    matrikelloes = forms.TypedChoiceField(
        label=_("Matrikelløs indsats"),
        choices=[("", _("Alle")), ("ja", _("Kun matrikelløse")), ("nej", _("Ikke matrikelløse"))],
        coerce=lambda v: v == "ja",
        required=False,
        empty_value=None,
    )

    def __init__(
        self,
        *args: Any,
        target_groups: QuerySet[TargetGroup],
        socialtilsyn: QuerySet[Socialtilsyn],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "target_group", target_groups)
        set_choices(self, "socialtilsyn", socialtilsyn)


class AgreementFilterForm(forms.Form):
    maalgruppe = forms.ModelChoiceField(
        label=_("Målgruppe"), queryset=TargetGroup.objects.none(), required=False, empty_label=_("Alle målgrupper")
    )
    socialtilsyn = forms.ModelChoiceField(
        label=_("Socialtilsyn"),
        queryset=Socialtilsyn.objects.none(),
        required=False,
        empty_label=_("Alle socialtilsyn"),
    )

    def __init__(
        self,
        *args: Any,
        target_groups: QuerySet[TargetGroup],
        socialtilsyn: QuerySet[Socialtilsyn] | None,
        **kwargs: Any,
    ) -> None:
        """`socialtilsyn` None: the user sees one socialtilsyn only, and the filter is left out."""
        super().__init__(*args, **kwargs)
        set_choices(self, "maalgruppe", target_groups)
        if socialtilsyn is None:
            del self.fields["socialtilsyn"]
        else:
            set_choices(self, "socialtilsyn", socialtilsyn)
