"""`Authorization: Bearer sv_…`: a system acting as the token's owner, with the owner's role and predicates."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import User

from .models import ApiToken
from .selectors import token_authenticate
from .services import token_touch

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """A per-user API token; a revoked, unknown or malformed token is refused with 401 (never ignored)."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None  # no token: the next class (the session) may answer
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Skriv headeren som «Authorization: Bearer <nøgle>»."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("API-nøglen er ugyldig.")) from None
        token = token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("API-nøglen er ugyldig eller tilbagekaldt."))
        token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return f'{KEYWORD} realm="api"'
