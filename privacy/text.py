"""The free-text check that services and forms share: a Danish refusal when a text holds a CPR number."""

from django.utils.translation import gettext as _

from privacy.domain import explain_refusal, find_cpr_numbers


def cpr_check(text: str) -> str | None:
    """The check used for every free-text field: None when clean, else the refusal in the user's language."""
    hits = find_cpr_numbers(text)
    return explain_refusal(hits, translate=_) if hits else None
