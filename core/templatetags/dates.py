"""`{{ value|iso_datetime }}`: the machine-readable value of a `<time datetime>` element.

Django's `|date:"c"` keeps microseconds, which HTML does not accept (at most three digits of a second).
Shown dates use DATE_FORMAT / DATETIME_FORMAT (core/formats); this filter is only for the attribute.
"""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_datetime(value) -> str:
    """A date as `2026-12-21`; a datetime as local time to the second, `2026-12-21T14:05:07+01:00`."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
