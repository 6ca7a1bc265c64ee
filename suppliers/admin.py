"""Admin for socialtilsyn, suppliers and departments; every text field refuses a CPR number."""

from django.contrib import admin

from privacy.forms import NoCprModelForm

from .models import Department, Socialtilsyn, Supplier


@admin.register(Socialtilsyn)
class SocialtilsynAdmin(admin.ModelAdmin):
    form = NoCprModelForm
    list_display = ("name", "host_municipality", "email")


class DepartmentInline(admin.StackedInline):
    model = Department
    form = NoCprModelForm
    extra = 0
    readonly_fields = ("is_matrikelloes",)


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    form = NoCprModelForm
    list_display = ("name", "cvr", "kind", "ownership", "socialtilsyn")
    list_filter = ("socialtilsyn", "kind", "ownership")
    search_fields = ("name", "cvr")
    inlines = [DepartmentInline]
