"""Rate limits per token (a system) or per logged-in user, counted in the shared Redis cache."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from .models import ApiToken


class _RatesFromSettings:
    """Read the rate when asked, not at import, so settings (and tests overriding them) take effect."""

    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ApiAnonThrottle(_RatesFromSettings, AnonRateThrottle):
    """Anonymous requests (the schema and docs pages, refused calls), per client address."""

    scope = "anon"


class ApiUserThrottle(_RatesFromSettings, SimpleRateThrottle):
    """Each token counts on its own; a browser session counts per user."""

    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None  # the anonymous throttle counts these
        ident = f"token-{request.auth.pk}" if isinstance(request.auth, ApiToken) else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiWriteThrottle(ApiUserThrottle):
    """Saving answers and submitting: a tighter limit of its own on top of the general one."""

    scope = "write"

    def allow_request(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)
