from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from accounts.models import Role

from .selectors import dashboard_context

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


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and compose health check: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
