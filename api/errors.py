"""One path from a refusal to an API response, as core.errors is for the pages.

- Http404 (a selector's `..._or_404`): 404, for what the user may not know exists.
- ActionNotAllowed / PermissionDenied: 403 with the service's Danish reason.
- Input that breaks a rule (a serializer's or a service's ValidationError): 400 with `detail` and, per field,
  the Danish messages in `fields`.
Every refusal has the same shape: `{"detail": "...", "fields": {...}?}` (RefusalSerializer).
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import refusal_text


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}: {m}" for key, inner in value.items() for m in _messages(inner)]
    if isinstance(value, list):
        return [m for inner in value for m in _messages(inner)]
    return [str(value)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        body: dict[str, Any] = {"detail": refusal_text(exc)}
        if hasattr(exc, "error_dict"):
            body["fields"] = {
                field: [str(m) for m in DjangoValidationError(errors).messages]
                for field, errors in exc.error_dict.items()
            }
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(exc.detail, dict):
            fields = {key: _messages(value) for key, value in exc.detail.items()}
            return Response(
                {"detail": _("Forespørgslen er ugyldig. Se fejlene ved felterne."), "fields": fields},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"detail": " ".join(_messages(exc.detail))}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
