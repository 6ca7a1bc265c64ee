"""Validation of the fagadministrator's edit of a public statement."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import StatementVersion
from privacy.forms import NoCprModelForm


class StatementForm(NoCprModelForm):
    """Title, text and an optional change note. A CPR number in any of them is refused next to the field."""

    class Meta:
        model = StatementVersion
        fields = ["title", "body", "change_note"]
        labels = {"title": _("Titel"), "body": _("Tekst"), "change_note": _("Hvad er ændret?")}
        help_texts = {
            "body": _(
                "Skriv almindelig tekst. En linje, der begynder med «## », bliver en overskrift, og «### » en "
                "underoverskrift. Linjer, der begynder med «- », bliver en punktopstilling. En tom linje "
                "adskiller afsnit. Et link skrives sådan: [Tekst på linket](https://adresse.dk). HTML vises "
                "som almindelig tekst."
            ),
            "change_note": _("Vises ikke på siden, men gemmes med versionen."),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 24})}
