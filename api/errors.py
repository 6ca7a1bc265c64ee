"""One path from a refusal to an API response, as core.errors is for the pages.

- Http404 (a selector's `..._or_404`): 404, for what the user may not know exists.
- ActionNotAllowed / PermissionDenied: 403 with the service's Danish reason.
- A service's django ValidationError: 400 with its Danish messages (a dict names the fields).
Everything else is DRF's own handling.
"""

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import refusal_text


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ValidationError):
        body: dict[str, Any] = {"detail": refusal_text(exc)}
        if hasattr(exc, "error_dict"):
            body["fields"] = {
                field: [str(m) for m in ValidationError(errors).messages] for field, errors in exc.error_dict.items()
            }
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
