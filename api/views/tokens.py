"""The fagadministrator's page of API tokens: list (owner, name, created, last used, revoked), create, revoke.

A new token is shown once, on the page that answers the creating POST; only its digest is stored.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.errors import errors_onto

from ..forms import TokenCreateForm
from ..selectors import token_or_404, tokens_for_admin, user_by_username
from ..services import token_create, token_revoke

PAGE_SIZE = 50


def _require_admin(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_perm("api.manage_tokens"):
        raise PermissionDenied


@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_admin(request)
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    new_token = None
    if form.is_bound and form.is_valid():
        owner = user_by_username(form.cleaned_data["owner"])
        if owner is None:
            form.add_error("owner", _("Der findes ingen aktiv bruger med det brugernavn."))
        else:
            with errors_onto(form):
                _token, new_token = token_create(owner=owner, name=form.cleaned_data["name"], user=request.user)
            if not form.errors:
                form = TokenCreateForm()
    page = Paginator(tokens_for_admin(), PAGE_SIZE).get_page(request.GET.get("side"))
    context = {"form": form, "page": page, "tokens": page.object_list, "new_token": new_token}
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def token_revoke_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    token = token_revoke(token=token_or_404(pk), user=request.user)
    messages.success(request, _("Nøglen «%(name)s» er tilbagekaldt.") % {"name": token.name})
    return redirect("api:tokens")
