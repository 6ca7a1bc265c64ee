"""The fagadministrator's form for a new API token. Validation only; the owner is looked up by the view."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    owner = forms.CharField(
        label=_("Brugernavn på ejeren"),
        max_length=150,
        help_text=_("Nøglen giver samme adgang som brugerens egen rolle, fx en leverandørbruger."),
    )
    name = forms.CharField(
        label=_("Navn på nøglen"), max_length=100, help_text=_("Hvilket system bruger nøglen, fx «Fagsystem X».")
    )
