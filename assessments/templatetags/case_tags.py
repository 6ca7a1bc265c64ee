"""Template helpers of the case pages. They only present what assessments.domain.workflow and the case
selectors decide; none queries the database (the case navigation reads the case's own columns)."""

from typing import Any

from django import template

from assessments.domain.workflow import State, state_badge
from assessments.models import Case
from assessments.selectors.cases import NavTab, case_nav

register = template.Library()


@register.filter(name="state_badge")
def state_badge_filter(state: State | str) -> str:
    """The DKFDS badge class of a case state (workflow.state_badge), e.g. ``badge-warning``."""
    return state_badge(state)


@register.simple_tag(takes_context=True)
def case_nav_tabs(context: dict[str, Any], case: Case) -> list[NavTab]:
    """The tabs of the case navigation for the signed-in user, the current page marked (selectors.case_nav)."""
    request = context["request"]
    match = request.resolver_match
    return case_nav(request.user, case, match.url_name if match else None)
