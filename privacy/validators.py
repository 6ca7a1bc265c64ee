"""Django validators that refuse free text containing a CPR number. The rules live in `privacy.domain`."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext

from . import domain
from .files import validate_upload


def validate_no_cpr(value: Any) -> None:
    """Raise ValidationError(code="cpr") when `value` (a str; None and "" pass) contains a CPR number.

    The message says why and what to write instead, and shows the numbers masked ("010190-****") only.
    """
    if not value:
        return
    hits = domain.find_cpr_numbers(str(value))
    if hits:
        raise ValidationError(
            gettext(domain.CPR_FOUND_IN_TEXT) + " " + gettext(domain.CPR_REFUSAL_ADVICE),
            code="cpr",
            params={"numbers": domain.describe_hits(hits)},
        )


def clean_free_text(value: str) -> str:
    """Return `value` unchanged when it holds no CPR number; raise ValidationError(code="cpr") otherwise.

    For a form's `clean_<field>`: `return clean_free_text(self.cleaned_data["notes"])`.
    """
    validate_no_cpr(value)
    return value


class NoCprFieldMixin:
    """Form-field mixin that adds `validate_no_cpr` to the field's own validators (put it before the field class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.append(validate_no_cpr)  # type: ignore[attr-defined]


class NoCprCharField(NoCprFieldMixin, forms.CharField):
    """A CharField (use `widget=forms.Textarea` for long text) that refuses CPR numbers."""


@deconstructible
class UploadValidator:
    """Validator for a FileField: content-sniffed type, size limit and no CPR in the text (see `privacy.files`)."""

    def __init__(self, *, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    def __call__(self, file: Any) -> None:
        validate_upload(file, max_bytes=self.max_bytes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and other.max_bytes == self.max_bytes

    def __hash__(self) -> int:
        return hash(self.max_bytes)
