"""The request a view behind login_required gets: its user is a User, never AnonymousUser (for the type checker)."""

from django.http import HttpRequest

from accounts.models import User


class AuthedRequest(HttpRequest):
    user: User
