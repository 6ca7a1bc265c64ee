"""Forms of sign-off, partshøring, decision and appeal. Validation only; assessments.services.decisions decide.

Free text is checked for CPR numbers here as well as in the services, so that a refusal lands next to the
field that holds the number (the services know only one field name per call).
"""

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import sane_date
from privacy.text import cpr_check
from targetgroups.domain.model import SUPPLIER_PARAMETER_LABELS, SUPPLIER_PARAMETERS

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

MAX_HEARING_DAYS = 90
MAX_REMEDY_MONTHS = 24


def parameter_field_name(parameter: str) -> str:
    return f"p_{parameter}"


def with_fields(rows: list[dict], form: forms.BaseForm | None) -> list[dict]:
    """The result rows of a selector, each with the form's field for its parameter (None without a form)."""
    fields = form.fields if form is not None else {}
    names = [parameter_field_name(row["p"]["parameter"]) for row in rows]
    return [
        {**row, "field": form[name] if form is not None and name in fields else None}
        for row, name in zip(rows, names, strict=True)
    ]


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CprCheckedForm(forms.Form):
    """Strips every text field and refuses CPR numbers field by field."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                value = value.strip()
                cleaned[name] = value
                if value and (refusal := cpr_check(value)):
                    self.add_error(name, refusal)
        return cleaned


class SignoffApproveForm(CprCheckedForm):
    comment = forms.CharField(
        label=_("Kommentar til konsulenterne"),
        required=False,
        widget=_textarea(3),
        help_text=_("Kommer med i sagens historik. Leverandøren ser den ikke."),
    )
    hearing_days = forms.IntegerField(
        label=_("Høringsperiode i dage"),
        min_value=1,
        max_value=MAX_HEARING_DAYS,
        error_messages={
            "required": _("Angiv, hvor mange dage leverandøren har til at komme med bemærkninger."),
            "invalid": _("Skriv et helt antal dage, f.eks. 14."),
            "min_value": _("Høringsperioden skal være mindst 1 dag."),
            "max_value": _("Høringsperioden kan højst være %(limit_value)s dage."),
        },
        widget=forms.NumberInput(attrs={"class": "input-width-xs", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = settings.HEARING_DEFAULT_DAYS
        self.fields["hearing_days"].initial = days
        self.fields["hearing_days"].help_text = _(
            "Normalt %(days)d dage. Fristen regnes fra i dag, og leverandøren får besked med det samme."
        ) % {"days": days}


class SignoffReturnForm(CprCheckedForm):
    """An overall comment and one per parameter; at least one must be written."""

    comment = forms.CharField(label=_("Samlet kommentar"), required=False, widget=_textarea(3))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for parameter in SUPPLIER_PARAMETERS:
            self.fields[parameter_field_name(parameter.value)] = forms.CharField(
                label=_(SUPPLIER_PARAMETER_LABELS[parameter]), required=False, widget=_textarea(2)
            )

    def parameter_fields(self) -> list[forms.BoundField]:
        return [self[parameter_field_name(p.value)] for p in SUPPLIER_PARAMETERS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in self.fields):
            self.add_error(
                "comment",
                _(
                    "Skriv en samlet kommentar eller en kommentar til mindst én parameter, "
                    "så konsulenterne ved, hvad de skal se på."
                ),
            )
        return cleaned

    def parameter_comments(self) -> dict[str, str]:
        return {
            p.value: self.cleaned_data[parameter_field_name(p.value)]
            for p in SUPPLIER_PARAMETERS
            if self.cleaned_data.get(parameter_field_name(p.value))
        }


class HearingCommentForm(CprCheckedForm):
    """The supplier's remarks on the draft: overall and/or per parameter, sent together."""

    comment = forms.CharField(label=_("Bemærkninger til udkastet som helhed"), required=False, widget=_textarea(4))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for parameter in SUPPLIER_PARAMETERS:
            self.fields[parameter_field_name(parameter.value)] = forms.CharField(
                label=_("Bemærkning til %(parameter)s")
                % {"parameter": _(SUPPLIER_PARAMETER_LABELS[parameter]).lower()},
                required=False,
                widget=_textarea(3),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in self.fields):
            self.add_error("comment", _("Skriv mindst én bemærkning, før I sender."))
        return cleaned

    def comments(self) -> list[tuple[str, str]]:
        """(parameter, text) pairs to store; the overall remark has parameter ''."""
        pairs = [("", self.cleaned_data["comment"])] if self.cleaned_data.get("comment") else []
        for p in SUPPLIER_PARAMETERS:
            if text := self.cleaned_data.get(parameter_field_name(p.value)):
                pairs.append((p.value, text))
        return pairs


class DecisionForm(forms.Form):
    valid_from = forms.DateField(
        validators=[sane_date],
        label=_("Afgørelsen gælder fra"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        error_messages={
            "required": _("Angiv den dato, afgørelsen gælder fra."),
            "invalid": _("Skriv datoen som dd-mm-åååå, f.eks. 01-09-2026."),
        },
    )
    remedy_months = forms.IntegerField(
        label=_("Frist for at rette op, i måneder"),
        required=False,
        min_value=1,
        max_value=MAX_REMEDY_MONTHS,
        error_messages={
            "invalid": _("Skriv et helt antal måneder, f.eks. 6."),
            "min_value": _("Fristen skal være mindst 1 måned, eller lad feltet stå tomt."),
            "max_value": _("Fristen kan højst være %(limit_value)s måneder."),
        },
        widget=forms.NumberInput(attrs={"class": "input-width-xs", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, lowered: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()
        if lowered:
            # The default remedy period is a setting (three months unless configured otherwise).
            self.fields["remedy_months"].initial = settings.REMEDY_DEFAULT_MONTHS
            self.fields["remedy_months"].help_text = _(
                "Niveauet er lavere end i den forrige afgørelse. Giv leverandøren tid til at rette op på "
                "manglerne, før det lavere niveau får virkning, eller lad feltet stå tomt."
            )
        else:
            del self.fields["remedy_months"]

    def clean_valid_from(self) -> datetime.date:
        value = self.cleaned_data["valid_from"]
        if value < timezone.localdate() - datetime.timedelta(days=31):
            raise ValidationError(_("Afgørelsen kan højst gælde fra en måned tilbage."))
        return value


class ReasonsForm(CprCheckedForm):
    """Reasons for an appeal, or for how the socialtilsyn dealt with one."""

    reasons = forms.CharField(widget=_textarea(5))

    def __init__(
        self,
        *args: Any,
        label: "StrOrPromise",
        required_message: "StrOrPromise",
        help_text: "StrOrPromise" = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reasons"]
        field.label = label
        field.help_text = help_text
        field.error_messages["required"] = required_message


def reconsider_form(data: Any = None) -> ReasonsForm:
    """The staff's reasons for taking an appealed decision up again."""
    return ReasonsForm(
        data,
        prefix="aendr",
        label=_("Hvorfor tages afgørelsen op igen?"),
        required_message=_("Begrund, hvorfor afgørelsen skal ændres."),
        help_text=_("Leverandøren kan se begrundelsen."),
    )


def uphold_form(data: Any = None) -> ReasonsForm:
    """The staff's reasons for upholding an appealed decision."""
    return ReasonsForm(
        data,
        prefix="fasthold",
        label=_("Hvorfor fastholdes afgørelsen?"),
        required_message=_("Begrund, hvorfor afgørelsen fastholdes."),
        help_text=_("Begrundelsen følger klagen til Ankestyrelsen, og leverandøren kan se den."),
    )


def appeal_form(data: Any = None) -> ReasonsForm:
    """The supplier's appeal of the newest decision."""
    return ReasonsForm(
        data,
        prefix="klage",
        label=_("Hvorfor klager I?"),
        required_message=_("Skriv, hvorfor I klager."),
        help_text=_(
            "Skriv, hvilke dele af afgørelsen I er uenige i, og hvorfor. Nævn gerne de parametre, det drejer sig om. "
            "Skriv ikke navne eller CPR-numre på borgere."
        ),
    )
