from django import template

from ..selectors import pending_links_for_decider, pending_links_of

register = template.Library()


@register.inclusion_tag("accounts/includes/supplier_link_tasks.html")
def supplier_link_tasks(user) -> dict:
    """Dashboard task: links the user may confirm, and (for a supplier person) their own pending links."""
    return {
        "to_decide": list(pending_links_for_decider(user)[:50]),
        "own_pending": list(pending_links_of(user)) if user.role == "supplier" else [],
    }
