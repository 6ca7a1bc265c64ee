"""The front pages' URLs. config/urls.py includes them under the namespace "core" (the names `core:dashboard`,
`core:health`, … predate the portal app and are used across the templates)."""

from django.urls import path

from core.models import StatementKind
from core.views import health

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("health/", health, name="health"),
    # the public statements every page links to from its footer
    path(
        "tilgaengelighed/",
        views.statement,
        {"kind": StatementKind.ACCESSIBILITY},
        name="accessibility_statement",
    ),
    path("privatliv/", views.statement, {"kind": StatementKind.PRIVACY}, name="privacy_notice"),
    path(
        "tilgaengelighed/rediger/",
        views.statement_edit,
        {"kind": StatementKind.ACCESSIBILITY},
        name="accessibility_statement_edit",
    ),
    path("privatliv/rediger/", views.statement_edit, {"kind": StatementKind.PRIVACY}, name="privacy_notice_edit"),
]
