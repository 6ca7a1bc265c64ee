from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Cross-cutting checks that keep CPR numbers out of what suppliers and consultants store, and the private
    storage those files live in (outside the web root). No models."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = _("Databeskyttelse")
