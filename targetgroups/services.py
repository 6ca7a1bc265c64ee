"""Every write to the versioned model content: drafts, publication and retirement."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .domain.model import DESCRIPTION_PARAMETERS, SUPPLIER_PARAMETERS, Level
from .models import (
    AssessmentGuide,
    CriterionThreshold,
    DescriptionCell,
    GuideCriterion,
    GuideParameter,
    PlacementRule,
    TargetGroupDescription,
    VersionedContent,
    VersionStatus,
)


def _require_fagadmin(user) -> None:
    if not user.has_perm("targetgroups.manage_content"):
        raise PermissionDenied(_("Kun fagadministratorer kan ændre modellens indhold."))


def _check_complete(version: VersionedContent) -> None:
    if isinstance(version, TargetGroupDescription):
        expected = len(DESCRIPTION_PARAMETERS) * len(Level)
        if version.cells.count() != expected:
            raise ValidationError(_("Beskrivelsen skal have alle %(n)d bokse udfyldt.") % {"n": expected})
    elif isinstance(version, AssessmentGuide):
        expected = len(SUPPLIER_PARAMETERS) * len(Level)
        if GuideCriterion.objects.filter(guide_parameter__guide=version).count() != expected:
            raise ValidationError(_("Vejledningen skal have et kriterium for hvert parameter og niveau."))
        if version.description.status == VersionStatus.DRAFT:
            raise ValidationError(_("Den tilhørende målgruppebeskrivelse skal offentliggøres først."))
    elif isinstance(version, PlacementRule):
        version.full_clean()


@transaction.atomic
def version_publish(*, version: VersionedContent, user, valid_from: datetime.date | None = None) -> VersionedContent:
    """Publish a draft and retire the version it replaces.

    Only a fagadministrator may publish. The draft must be complete. Afterwards the version is
    immutable; the previously published version of the same scope becomes retired, and stays
    readable for the cases that were judged against it.
    """
    _require_fagadmin(user)
    model = type(version)
    locked = model._default_manager.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(_("Kun en kladde kan offentliggøres."))
    _check_complete(locked)
    now = timezone.now()
    scope = {"target_group_id": locked.target_group_id}
    # order_by("pk") drops the default ordering by target group: a rule's target_group is nullable, and
    # PostgreSQL refuses FOR UPDATE on the nullable side of the outer join that ordering adds.
    previous_versions = model._default_manager.select_for_update().filter(status=VersionStatus.PUBLISHED, **scope)
    for previous in previous_versions.order_by("pk"):
        previous.status = VersionStatus.RETIRED
        previous.retired_at = now
        previous.save(update_fields=["status", "retired_at"])
    locked.status = VersionStatus.PUBLISHED
    locked.published_at = now
    locked.published_by = user
    locked.valid_from = valid_from or timezone.localdate()
    locked.save()
    return locked


def _next_version(model, target_group_id) -> int:
    current = model.objects.filter(target_group_id=target_group_id).aggregate(m=Max("version"))["m"]
    return (current or 0) + 1


@transaction.atomic
def description_new_draft(*, source: TargetGroupDescription, user) -> TargetGroupDescription:
    """Copy a description (with its cells) into a new draft version."""
    _require_fagadmin(user)
    draft = TargetGroupDescription.objects.create(
        target_group=source.target_group,
        version=_next_version(TargetGroupDescription, source.target_group_id),
        introduction=source.introduction,
        source=source.source,
    )
    DescriptionCell.objects.bulk_create(
        DescriptionCell(description=draft, parameter=c.parameter, level=c.level, text=c.text)
        for c in source.cells.all()
    )
    return draft


@transaction.atomic
def guide_new_draft(
    *, source: AssessmentGuide, user, description: TargetGroupDescription | None = None
) -> AssessmentGuide:
    """Copy a guide into a new draft, optionally re-pointing it at a newer description version.

    Cell links are carried over by position (parameter and level), so they follow the new description.
    """
    _require_fagadmin(user)
    description = description or source.description
    draft = AssessmentGuide.objects.create(
        target_group=source.target_group,
        version=_next_version(AssessmentGuide, source.target_group_id),
        description=description,
        introduction=source.introduction,
        decision_validity_months=source.decision_validity_months,
        source=source.source,
    )
    cells_by_position = {(c.parameter, c.level): c for c in description.cells.all()}
    for gp in source.parameters.prefetch_related("criteria__cells", "criteria__thresholds"):
        new_gp = GuideParameter.objects.create(guide=draft, parameter=gp.parameter, introduction=gp.introduction)
        for criterion in gp.criteria.all():
            new_c = GuideCriterion.objects.create(guide_parameter=new_gp, level=criterion.level, text=criterion.text)
            new_c.cells.set(
                cells_by_position[(c.parameter, c.level)]
                for c in criterion.cells.all()
                if (c.parameter, c.level) in cells_by_position
            )
            CriterionThreshold.objects.bulk_create(
                CriterionThreshold(criterion=new_c, label=t.label, minimum=t.minimum, unit=t.unit)
                for t in criterion.thresholds.all()
            )
    return draft
