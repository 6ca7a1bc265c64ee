"""The role-aware main navigation, built in one place so templates stay dumb."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

NAVIGATION = {
    Role.SUPPLIER: [("core:dashboard", _("Overblik")), ("suppliers:list", _("Mine tilbud"))],
    Role.CONSULTANT: [
        ("core:dashboard", _("Overblik")),
        ("assessments:case_list", _("Sager")),
        ("suppliers:list", _("Leverandører")),
        ("register", _("Register")),
        ("targetgroups:list", _("Målgrupper og vejledninger")),
    ],
    Role.LEADER: [
        ("core:dashboard", _("Overblik")),
        ("assessments:case_list", _("Sager")),
        ("suppliers:list", _("Leverandører")),
        ("register", _("Register")),
        ("targetgroups:list", _("Målgrupper og vejledninger")),
        ("assessments:agreement_statistics", _("Statistik")),
        ("assessments:process_figures", _("Sagsforløb")),
    ],
    Role.FAGADMIN: [
        ("core:dashboard", _("Overblik")),
        ("targetgroups:list", _("Målgrupper og vejledninger")),
        ("targetgroups:rules", _("Indplaceringsregler")),
        ("targetgroups:form_templates", _("Skemaer")),
        ("suppliers:list", _("Leverandører")),
        ("assessments:agreement_statistics", _("Statistik")),
        ("assessments:process_figures", _("Sagsforløb")),
    ],
    Role.MYNDIGHED: [
        ("core:dashboard", _("Overblik")),
        ("register", _("Register")),
        ("targetgroups:list", _("Målgrupper")),
    ],
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # The footer offers password links only where a password can be used (switched off in production with
    # OpenID Connect; a user who logs in through a provider has no usable password).
    password_links = settings.PASSWORD_LOGIN_ENABLED and (
        user is None or not user.is_authenticated or user.has_usable_password()
    )
    if user is None or not user.is_authenticated or not getattr(user, "role", None):
        return {"main_navigation": [], "password_links": password_links}
    path = request.path
    items: list[dict[str, Any]] = [
        {"url": reverse(name), "label": label, "current": False} for name, label in NAVIGATION.get(Role(user.role), [])
    ]
    # The current item is the one whose URL is the longest prefix of the path ("/" only matches itself).
    matches = [item for item in items if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return {"main_navigation": items, "password_links": password_links}
