"""`{{ obj|label:"field" }}`: the label of a choice field's value, as `obj.get_FIELD_display` gives it, cheaply.

Django's get_FIELD_display builds a dict of all the field's choices on every call and hashes every label to do
so, which translates each one (a case's state: a dozen gettext calls); in a table of 25 rows that was a tenth of
the page's time. Here the map from value to (lazy) label is built once per field and only the label shown is
translated, in the request's language. For fields with fixed choices (TextChoices, IntegerChoices), not callables.
"""

import functools
from typing import Any

from django import template
from django.db.models import Field, Model
from django.utils.translation import gettext_lazy

register = template.Library()


@functools.cache
def _labels(field: Field) -> dict[Any, Any]:
    return dict(field.flatchoices)


@register.filter
def label(obj: Model, name: str) -> str:
    """The display label of `obj`'s choice field `name` (the value itself when it is not among the choices)."""
    field = obj._meta.get_field(name)
    assert isinstance(field, Field)  # a concrete choice field, not a reverse relation
    value = getattr(obj, field.attname)
    return str(_labels(field).get(value, value))


# The three levels' names (the msgids of LevelChoices' labels; core may not import assessments).
LEVEL_NAMES = {1: gettext_lazy("Let"), 2: gettext_lazy("Moderat"), 3: gettext_lazy("Højt")}


@register.filter
def level_name(level: Any) -> str:
    """`{{ level|level_name }}`: Let, Moderat or Højt in the active language; empty for anything else. A filter,
    not an include, since a reconciliation table shows three levels on each row."""
    try:
        name = LEVEL_NAMES.get(level)
    except TypeError:  # unhashable: not a level
        return ""
    return "" if name is None else str(name)
