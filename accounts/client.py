"""The client's address for a request, honouring the TLS proxies configured with TRUSTED_PROXY_COUNT."""

from django.conf import settings
from django.http import HttpRequest

from .domain import client_address


def client_ip(request: HttpRequest) -> str:
    """The address failed-login lockout (axes) and rate limits key on; see `accounts.domain.client_address`."""
    return client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.TRUSTED_PROXY_COUNT,
    )
