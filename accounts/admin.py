from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "socialtilsyn", "is_active")
    list_filter = ("role", "socialtilsyn", "is_active")
    filter_horizontal = ("suppliers", "groups", "user_permissions")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Rolle og tilknytning"), {"fields": ("role", "socialtilsyn", "suppliers", "organisation")}),
    )
