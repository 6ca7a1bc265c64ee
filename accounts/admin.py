from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ExternalIdentity, StaffGroupMapping, SupplierLink, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "socialtilsyn", "is_active")
    list_filter = ("role", "socialtilsyn", "is_active")
    filter_horizontal = ("suppliers", "groups", "user_permissions")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Rolle og tilknytning"), {"fields": ("role", "socialtilsyn", "suppliers", "organisation")}),
    )


@admin.register(StaffGroupMapping)
class StaffGroupMappingAdmin(admin.ModelAdmin):
    """Which group claim from the authority's identity provider gives which role (and socialtilsyn)."""

    list_display = ("group", "role", "socialtilsyn")
    list_filter = ("role", "socialtilsyn")
    search_fields = ("group",)


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Read-only: identities are written by logins, never by hand."""

    list_display = ("subject", "provider", "user", "assurance_level", "cvr", "p_number", "last_login_at")
    list_filter = ("provider", "assurance_level")
    search_fields = ("subject", "user__username", "cvr")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SupplierLink)
class SupplierLinkAdmin(admin.ModelAdmin):
    """Read-only: links are confirmed on the dashboards, where the decision is audited."""

    list_display = ("user", "supplier", "status", "cvr", "requested_at", "decided_by", "decided_at")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
