"""The domain's refusals and the one policy that turns them into responses.

Services and selectors refuse with three exceptions, and views never translate them by hand:

- ``Http404`` (or a selector's ``..._or_404``): the object does not exist, or lies outside what the user may
  know exists. The same 404 page for both, so the answer never tells a stranger that a case exists.
- ``ActionNotAllowed`` (a ``PermissionDenied``): the user may see the object but may not do this – their role
  on it, the state it is in, or a deadline that has passed. ``handler403`` (``permission_denied`` below)
  shows the 403 page with the service's Danish reason. Views do not catch it.
- ``ValidationError``: what the user sent breaks a rule. Raised with a dict (field → message) it is shown
  beside that field; without one, at the top of the form. A view wraps the service call in
  ``errors_onto(form)``; a button with nothing to type (confirm, accept, withdraw) is a form too
  (``ActionForm``), so its refusal lands at the top of the page it was pressed on.

``docs/architecture.md`` names the policy; ``tests/test_errors.py`` pins it.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template import loader
from django.utils.translation import gettext as _


class ActionNotAllowed(PermissionDenied):
    """The user may see the object but may not do this now; the message says why, in Danish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ActionForm(forms.Form):
    """A button with nothing to type: the form a refusal of that action is shown on."""


def refusal_text(exc: Exception) -> str:
    """The user-facing text of a refusal (a ValidationError's messages joined, else the exception's text)."""
    if isinstance(exc, ValidationError):
        return " ".join(str(message) for message in exc.messages)
    return str(exc.args[0]) if exc.args else ""


def add_service_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: beside the field it names, or at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@contextmanager
def errors_onto(form: forms.BaseForm) -> Iterator[None]:
    """Run a service call; a ValidationError it raises ends the block and lands on the form.

    After the block, ``form.errors`` tells whether the call went through::

        with errors_onto(form):
            decision_make(case=case, user=request.user, **form.cleaned_data)
        if not form.errors:
            return redirect(...)
    """
    try:
        yield
    except ValidationError as exc:
        add_service_error(form, exc)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: the 403 page, with the reason when a service gave one (ActionNotAllowed)."""
    reason = exception.message if isinstance(exception, ActionNotAllowed) else ""
    if not reason and isinstance(exception, PermissionDenied) and exception.args:
        reason = str(exception.args[0])
    template = loader.get_template("403.html")
    context = {"reason": reason or _("Din rolle giver ikke adgang til det, du prøvede at åbne.")}
    return HttpResponseForbidden(template.render(context, request))
