from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The front pages: each role's dashboard (built from the domain apps' selectors) and the public statements.

    It sits on top: it may import every domain app, and none imports it. No models of its own (the statement
    versions are stored in core's table, where they were created)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("Forside")
