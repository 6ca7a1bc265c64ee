"""The request type of a view behind `login_required`, for type checkers (no runtime difference)."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is logged in: `request.user` is our `User`, never `AnonymousUser`.

    Annotate a view's request with it only where `login_required` (or a check like it) has run first.
    """

    user: User
