from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data set and its commands (`seed_demo`, `demo_logins`). It sits on top: it seeds through the
    domain apps' services, and nothing imports it. No models."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Demodata")
