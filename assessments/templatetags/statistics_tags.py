"""Estimates with their confidence intervals, as the statistics pages print them (one tag per cell, cheaper than
an include in a loop): `{% estimate e %}` → "0,62 (0,41–0,77)", `{% share e %}` → "62 % (51–71 %)"."""

from django import template
from django.template.base import render_value_in_context
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from assessments.domain.agreement import Estimate
from assessments.selectors.statistics import AgreementRow

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


def _value(value: object, context: template.Context) -> str:
    return render_value_in_context(value, context)


def _translate(message: str) -> str:
    """gettext as {% translate "…" %} asks it: the template tag doubles a % in the message id (its catalogue
    entry is "95 %%-KI") and undoes it in the translation. Escaped, as the tag's output is."""
    return conditional_escape(gettext(message.replace("%", "%%")).replace("%%", "%"))


@register.simple_tag(takes_context=True)
def confusion_table(context: template.Context, row: AgreementRow) -> SafeString:
    """The 3 × 3 confusion table of one AgreementRow: first consultant's level down, second's across, the
    diagonal marked, row and column sums. Written here rather than in a template: eight of them a page were
    some five hundred template nodes in loops."""
    esc = conditional_escape
    label = _value(row.label, context)
    pairs = _value(row.pairs, context)
    # as {% blocktranslate count %}: the count is escaped, the translation is not
    pairs_text = ngettext("%(counter)s par", "%(counter)s par", row.pairs) % {"counter": pairs}
    total_heading = esc(gettext("I alt"))
    second = esc(gettext("Anden konsulent, niveau"))
    first = esc(gettext("Første konsulent, niveau"))
    rows = row.rows
    heads = "".join(
        f'<th scope="col" class="align-text-right"><span class="sr-only">{second} </span>{_value(level, context)}</th>'
        for level, _counts, _total in rows
    )
    body = "".join(
        "\n    <tr>\n"
        f'      <th scope="row"><span class="sr-only">{first} </span>{_value(level, context)}</th>\n      '
        + "".join(
            f'<td class="align-text-right{" confusion-agree" if column == level else ""}">{_value(n, context)}</td>'
            for column, n in enumerate(counts, start=1)
        )
        + f'\n      <td class="align-text-right muted">{_value(total, context)}</td>\n    </tr>\n    '
        for level, counts, total in rows
    )
    sums = "".join(f'<td class="align-text-right muted">{_value(n, context)}</td>' for n in row.column_sums)
    return mark_safe(  # noqa: S308 - every value is escaped (render_value_in_context, conditional_escape)
        f'\n<div class="table--responsive-scroll confusion" tabindex="0" role="region" aria-label="{label}">\n'
        '<table class="table table--compact confusion-table">\n'
        f'  <caption>{label} <span class="muted">({pairs_text})</span></caption>\n'
        "  <thead>\n"
        "    <tr>\n"
        f'      <th scope="col" rowspan="2" class="confusion-corner">{esc(gettext("Først ↓ / anden →"))}</th>\n'
        f'      <th scope="colgroup" colspan="3" class="align-text-center">{esc(gettext("Anden konsulent"))}</th>\n'
        f'      <th scope="col" rowspan="2" class="align-text-right">{total_heading}</th>\n'
        "    </tr>\n"
        "    <tr>\n"
        f"      {heads}\n"
        "    </tr>\n"
        "  </thead>\n"
        "  <tbody>\n"
        f"    {body}\n"
        "  </tbody>\n"
        "  <tfoot>\n"
        "    <tr>\n"
        f'      <th scope="row">{total_heading}</th>\n'
        f"      {sums}\n"
        f'      <td class="align-text-right muted">{pairs}</td>\n'
        "    </tr>\n"
        "  </tfoot>\n"
        "</table>\n"
        "</div>\n"
    )


@register.simple_tag(takes_context=True)
def breakdown_rows(
    context: template.Context, rows: list[AgreementRow], heading: object, link: bool, query: str
) -> SafeString:
    """The body rows of a breakdown table (assessments/statistics/breakdown.html): each row's label (a link to
    the page narrowed by it when `link`), its pairs, and the three estimates."""
    esc = conditional_escape
    title = _value(heading, context)
    pairs_title = esc(gettext("Par"))
    observed_title = _translate("Samme niveau (95 %-KI)")
    kappa_title = _translate("Kappa (95 %-KI)")
    weighted_title = _translate("Vægtet kappa (95 %-KI)")
    few = f' <span class="badge badge-small">{esc(gettext("få par"))}</span>'
    prefix = f"{_value(query, context)}&amp;" if query else ""
    out = []
    for row in rows:
        label = _value(row.label, context)
        if link and row.url_param:
            label = f'<a href="?{prefix}{_value(row.url_param, context)}">{label}</a>'
        out.append(
            "\n    <tr>\n"
            f'      <th scope="row" data-title="{title}">{label}{few if row.few else ""}</th>\n'
            f'      <td data-title="{pairs_title}" class="align-text-right">{_value(row.pairs, context)}</td>\n'
            f'      <td data-title="{observed_title}">{share(row.stats.observed)}</td>\n'
            f'      <td data-title="{kappa_title}">{estimate(row.stats.kappa)}</td>\n'
            f'      <td data-title="{weighted_title}">{estimate(row.stats.weighted_kappa)}</td>\n'
            "    </tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped
