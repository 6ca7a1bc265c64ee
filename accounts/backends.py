from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Django's username and password login, unless settings.PASSWORD_LOGIN_ENABLED is off (production with
    OpenID Connect). Permissions are still answered, so the admin keeps working for OpenID Connect users."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.PASSWORD_LOGIN_ENABLED:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def axes_exempt(request, credentials: dict | None = None) -> bool:
    """django-axes counts failed password guesses. An OpenID Connect callback carries no password (its
    credentials are a nonce and a PKCE verifier); a refusal there is a policy answer (assurance level, no
    mapped group), not a guess, and counting it would lock out everyone behind the same address."""
    return credentials is not None and "nonce" in credentials and "password" not in credentials
