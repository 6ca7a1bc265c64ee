import logging

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role

from .domain import parse_statement
from .forms import StatementForm
from .models import StatementKind
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
    Role.SUPPLIER: "core/dashboard_supplier.html",
    Role.CONSULTANT: "core/dashboard_consultant.html",
    Role.LEADER: "core/dashboard_leader.html",
    Role.FAGADMIN: "core/dashboard_fagadmin.html",
    Role.MYNDIGHED: "core/dashboard_myndighed.html",
}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    template = DASHBOARD_TEMPLATES[Role(request.user.role)]
    return render(request, template, dashboard_context(request.user))


logger = logging.getLogger(__name__)

# A health check must answer quickly even when Redis hangs; the load balancer has its own timeout.
REDIS_TIMEOUT_SECONDS = 2


def health(request: HttpRequest) -> JsonResponse:
    """Readiness for the load balancer and compose health check: PostgreSQL and Redis (the broker) answer.

    200 `{"status": "ok"}` when both do; otherwise 503 with a short reason per unreachable part (no host
    names or credentials, those go to the log).
    """
    reasons: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("health: PostgreSQL unreachable: %s", exc)
        reasons["database"] = "PostgreSQL unreachable"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
    except redis.RedisError as exc:
        logger.warning("health: Redis unreachable: %s", exc)
        reasons["redis"] = "Redis unreachable"
    if reasons:
        return JsonResponse({"status": "unavailable", "reasons": reasons}, status=503)
    return JsonResponse({"status": "ok"})


def statement(request: HttpRequest, kind: str) -> HttpResponse:
    """A public statement (tilgængelighedserklæring or privatlivspolitik): anyone may read it, also anonymous."""
    current = statement_current(kind)
    return render(
        request,
        "core/statement.html",
        {
            "statement": current,
            "blocks": parse_statement(current.body),
            "can_edit": request.user.has_perm("core.edit_statements"),
            "edit_url": STATEMENT_EDIT_URLS[StatementKind(kind)],
        },
    )


@login_required
def statement_edit(request: HttpRequest, kind: str) -> HttpResponse:
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
        "core/statement_edit.html",
        {
            "form": form,
            "statement": current,
            "preview": preview,
            "preview_title": form.cleaned_data.get("title", "") if preview is not None else "",
            "public_url": STATEMENT_URLS[StatementKind(kind)],
        },
    )
