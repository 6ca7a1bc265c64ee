"""Admin for the versioned content. Published versions are shown read-only: the model refuses changes."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from privacy.forms import NoCprModelForm

from .models import (
    AssessmentGuide,
    CriterionThreshold,
    DescriptionCell,
    GuideCriterion,
    GuideParameter,
    PlacementRule,
    TargetGroup,
    TargetGroupDescription,
    VersionStatus,
)
from .services import version_publish


class FrozenWhenPublished(admin.options.BaseModelAdmin):
    """Read-only admin pages for versions that are no longer drafts; text fields refuse CPR numbers."""

    form: Any = NoCprModelForm  # Any: the model admins and the inlines declare `form` with different generics

    def _frozen(self, obj) -> bool:
        parent = obj
        while parent is not None and not hasattr(parent, "status"):
            parent = getattr(parent, "version_parent", lambda: None)()
        return parent is not None and parent.status != VersionStatus.DRAFT

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and self._frozen(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and self._frozen(obj))


@admin.action(description=_("Offentliggør valgte kladder (gælder fra i dag)"))
def publish_drafts(modeladmin, request, queryset):
    """Publish through the service, so completeness checks, retiring and immutability all apply."""
    for version in queryset.filter(status=VersionStatus.DRAFT):
        try:
            version_publish(version=version, user=request.user)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{version}: {' '.join(exc.messages)}", messages.ERROR)
        else:
            modeladmin.message_user(request, _("%(v)s er offentliggjort.") % {"v": version}, messages.SUCCESS)


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    form = NoCprModelForm
    list_display = ("name", "age_band", "slug")
    prepopulated_fields = {"slug": ("name", "age_band")}


class CellInline(FrozenWhenPublished, admin.TabularInline):
    model = DescriptionCell
    extra = 0


@admin.register(TargetGroupDescription)
class DescriptionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    actions = [publish_drafts]
    list_display = ("target_group", "version", "status", "valid_from")
    list_filter = ("status", "target_group")
    readonly_fields = ("status", "published_at", "published_by", "retired_at", "valid_from")
    inlines = [CellInline]


class GuideParameterInline(FrozenWhenPublished, admin.StackedInline):
    model = GuideParameter
    extra = 0
    show_change_link = True


@admin.register(AssessmentGuide)
class GuideAdmin(FrozenWhenPublished, admin.ModelAdmin):
    actions = [publish_drafts]
    list_display = ("target_group", "version", "status", "valid_from", "decision_validity_months")
    list_filter = ("status", "target_group")
    readonly_fields = ("status", "published_at", "published_by", "retired_at", "valid_from")
    inlines = [GuideParameterInline]


class CriterionInline(FrozenWhenPublished, admin.StackedInline):
    model = GuideCriterion
    extra = 0
    filter_horizontal = ("cells",)
    show_change_link = True


@admin.register(GuideParameter)
class GuideParameterAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ("guide", "parameter")
    inlines = [CriterionInline]


class ThresholdInline(FrozenWhenPublished, admin.TabularInline):
    model = CriterionThreshold
    extra = 0


@admin.register(GuideCriterion)
class CriterionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ("guide_parameter", "level")
    filter_horizontal = ("cells",)
    inlines = [ThresholdInline]


@admin.register(PlacementRule)
class PlacementRuleAdmin(FrozenWhenPublished, admin.ModelAdmin):
    actions = [publish_drafts]
    list_display = ("name", "target_group", "version", "status", "valid_from")
    readonly_fields = ("status", "published_at", "published_by", "retired_at", "valid_from")
