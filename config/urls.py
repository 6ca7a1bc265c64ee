from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from assessments.views import register as register_views

# Over-size requests get a Danish answer (JSON for the autosave endpoint) instead of a bare 400.
handler400 = "core.middleware.request_refused"
handler403 = "core.errors.permission_denied"

admin.site.site_header = _("Specialiseringsvurdering – administration")
admin.site.site_title = _("Administration")

urlpatterns = [
    # The front pages keep the namespace "core" they had before the portal app took them over.
    path("", include(("portal.urls", "core"))),
    path("konto/", include("accounts.urls")),
    path("leverandoerer/", include("suppliers.urls")),
    path("maalgrupper/", include("targetgroups.urls")),
    path("sager/", include("assessments.urls")),
    path("register/", register_views.register, name="register"),
    path("register/eksport.<str:fmt>", register_views.register_export, name="register_export"),
    path("register/leverandoer/<int:pk>/", register_views.register_supplier, name="register_supplier"),
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
