from django.urls import path

from . import views
from .models import StatementKind

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
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
