from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrispyDkfdsConfig(AppConfig):
    """A django-crispy-forms template pack ("dkfds") for Det Fælles Designsystem."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "crispy_dkfds"
    verbose_name = _("Formularer i Det Fælles Designsystem")
