from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def session_user(backend: ModelBackend, user_id):
    """The signed-in user of a request, with the socialtilsyn every staff page's header names (one query, not
    two). Django's rule otherwise: None for an unknown or deactivated user, so their open sessions end at once."""
    user_model = get_user_model()
    try:
        user = user_model._default_manager.select_related("socialtilsyn").get(pk=user_id)
    except user_model.DoesNotExist:
        return None
    return user if backend.user_can_authenticate(user) else None


class PasswordBackend(ModelBackend):
    """Django's username and password login, unless settings.PASSWORD_LOGIN_ENABLED is off (production with
    OpenID Connect). Permissions are still answered, so the admin keeps working for OpenID Connect users."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.PASSWORD_LOGIN_ENABLED:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        return session_user(self, user_id)


def axes_exempt(request, credentials: dict | None = None) -> bool:
    """django-axes counts failed password guesses. An OpenID Connect callback carries no password (its
    credentials are a nonce and a PKCE verifier); a refusal there is a policy answer (assurance level, no
    mapped group), not a guess, and counting it would lock out everyone behind the same address."""
    return credentials is not None and "nonce" in credentials and "password" not in credentials
