from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Django's username and password login, unless settings.PASSWORD_LOGIN_ENABLED is off (production with
    OpenID Connect). Permissions are still answered, so the admin keeps working for OpenID Connect users."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.PASSWORD_LOGIN_ENABLED:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
