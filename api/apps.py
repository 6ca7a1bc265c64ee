from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("REST-API")

    def ready(self) -> None:
        # rules' autodiscovery only imports modules named rules.py; the permissions live in permissions.py.
        # The schema extension teaches drf-spectacular how the token authentication looks in OpenAPI.
        from . import permissions, schema  # noqa: F401
