"""The front pages: each role's dashboard and the public statements (read by anyone, edited by the
fagadministrator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role
from core.models import StatementKind

from .domain import parse_statement
from .forms import StatementForm
from .selectors import dashboard_context, statement_current
from .services import statement_publish

STATEMENT_URLS = {
    StatementKind.ACCESSIBILITY: "core:accessibility_statement",
    StatementKind.PRIVACY: "core:privacy_notice",
}
STATEMENT_EDIT_URLS = {
    StatementKind.ACCESSIBILITY: "core:accessibility_statement_edit",
    StatementKind.PRIVACY: "core:privacy_notice_edit",
}

DASHBOARD_TEMPLATES = {
    Role.SUPPLIER: "portal/dashboard_supplier.html",
    Role.CONSULTANT: "portal/dashboard_consultant.html",
    Role.LEADER: "portal/dashboard_leader.html",
    Role.FAGADMIN: "portal/dashboard_fagadmin.html",
    Role.MYNDIGHED: "portal/dashboard_myndighed.html",
}


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    template = DASHBOARD_TEMPLATES[Role(request.user.role)]
    return render(request, template, dashboard_context(request.user))


def statement(request: HttpRequest, kind: str) -> HttpResponse:
    """A public statement (tilgængelighedserklæring or privatlivspolitik): anyone may read it, also anonymous."""
    current = statement_current(kind)
    return render(
        request,
        "portal/statement.html",
        {
            "statement": current,
            "blocks": parse_statement(current.body),
            "can_edit": request.user.has_perm("core.edit_statements"),
            "edit_url": STATEMENT_EDIT_URLS[StatementKind(kind)],
        },
    )


@login_required
def statement_edit(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """The fagadministrator edits a statement: "Vis eksempel" renders the text without saving, "Offentliggør"
    saves it as a new dated version. Everyone else gets 403."""
    if not request.user.has_perm("core.edit_statements"):
        raise PermissionDenied
    current = statement_current(kind)
    preview = None
    if request.method == "POST":
        form = StatementForm(request.POST)
        if form.is_valid():
            if request.POST.get("action") == "publish":
                statement_publish(kind=kind, user=request.user, **form.cleaned_data)
                messages.success(request, _("Den nye version er offentliggjort."))
                return redirect(STATEMENT_URLS[StatementKind(kind)])
            preview = parse_statement(form.cleaned_data["body"])
    else:
        form = StatementForm(initial={"title": current.title, "body": current.body})
    return render(
        request,
        "portal/statement_edit.html",
        {
            "form": form,
            "statement": current,
            "preview": preview,
            "preview_title": form.cleaned_data.get("title", "") if preview is not None else "",
            "public_url": STATEMENT_URLS[StatementKind(kind)],
        },
    )
