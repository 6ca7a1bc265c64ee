"""Request size limits with a Danish answer.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE and more fields or files than
DATA_UPLOAD_MAX_NUMBER_FIELDS / _FILES by raising while the body is parsed (often in the CSRF check, before
any view runs), and answers with a bare 400. `RequestLimitsMiddleware` adds the one limit Django lacks, the
whole body (files included), checked from Content-Length before anything is read; `request_refused`
(settings.ROOT_URLCONF's handler400) turns all of them into a Danish page, or JSON for a client that asks
for JSON (the autosave endpoint), with 413 for "too large" and 400 for "too many".
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import bad_request


class RequestLimitsMiddleware:
    """Refuse a request whose declared body is over settings.REQUEST_MAX_BYTES without reading it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            # Answered by request_refused (handler400) like Django's own limits.
            raise RequestDataTooBig("Request body exceeded settings.REQUEST_MAX_BYTES.")
        return self.get_response(request)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def request_refused(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a Danish explanation for a request over a size limit; Django's 400 page for the rest."""
    if isinstance(exception, RequestDataTooBig):
        status = 413
        message = _("Det, du sendte, er for stort til at blive gemt. Del teksten op, eller vedhæft et bilag.")
    elif isinstance(exception, TooManyFieldsSent):
        status = 400
        message = _("Der er sendt for mange felter på én gang. Gem færre rækker ad gangen.")
    elif isinstance(exception, TooManyFilesSent):
        status = 400
        message = _("Der er sendt for mange filer på én gang. Upload én fil ad gangen.")
    else:
        return bad_request(request, exception)  # type: ignore[arg-type]
    if _wants_json(request):
        return JsonResponse({"saved": False, "errors": [message]}, status=status)
    return render(request, "core/request_refused.html", {"message": message}, status=status)
