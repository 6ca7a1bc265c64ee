from django.contrib import admin

from .models import Department, Socialtilsyn, Supplier


@admin.register(Socialtilsyn)
class SocialtilsynAdmin(admin.ModelAdmin):
    list_display = ("name", "host_municipality", "email")


class DepartmentInline(admin.StackedInline):
    model = Department
    extra = 0
    readonly_fields = ("is_matrikelloes",)


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ("name", "cvr", "kind", "ownership", "socialtilsyn")
    list_filter = ("socialtilsyn", "kind", "ownership")
    search_fields = ("name", "cvr")
    inlines = [DepartmentInline]
