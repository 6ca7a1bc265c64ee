"""Form building blocks shared by every app that stores text people type."""

from typing import Any

from django import forms
from django.utils.translation import gettext

from .domain import explain_refusal, find_cpr_numbers


class NoCprModelForm(forms.ModelForm):
    """A model form whose text fields refuse a CPR number, next to the field (the admin's forms use it)."""

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        for name, value in list((cleaned or {}).items()):
            if isinstance(value, str) and (hits := find_cpr_numbers(value)):
                self.add_error(name, explain_refusal(hits, translate=gettext))
        return cleaned
