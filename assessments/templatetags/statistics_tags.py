"""Estimates with their confidence intervals, as the statistics pages print them (one tag per cell, cheaper than
an include in a loop): `{% estimate e %}` → "0,62 (0,41–0,77)", `{% share e %}` → "62 % (51–71 %)"."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from assessments.domain.agreement import Estimate

register = template.Library()


def _decimal(value: float) -> str:
    return number_format(round(value, 2), 2).replace("-", "−")


def _missing() -> SafeString:
    return mark_safe('<span class="muted">–</span>')


@register.simple_tag
def estimate(e: Estimate) -> SafeString:
    if e.value is None or e.low is None or e.high is None:
        return _missing()
    return format_html(
        '<span class="stat-value">{}</span> <span class="stat-ci">({}–{})</span>',
        _decimal(e.value),
        _decimal(e.low),
        _decimal(e.high),
    )


@register.simple_tag
def share(e: Estimate) -> SafeString:
    if e.value is None or e.low is None or e.high is None:
        return _missing()
    return format_html(
        '<span class="stat-value">{} %</span> <span class="stat-ci">({}–{} %)</span>',
        round(e.value * 100),
        round(e.low * 100),
        round(e.high * 100),
    )
