from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("Sager og vurderinger")

    def ready(self) -> None:
        # rules' autodiscovery only imports modules named rules.py; the permissions live in permissions.py.
        from assessments import permissions  # noqa: F401
