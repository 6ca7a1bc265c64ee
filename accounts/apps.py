from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        # rules' autodiscovery only imports modules named rules.py; the permissions live in permissions.py.
        from . import permissions  # noqa: F401
