"""The database itself refuses changes to published versions, even when the models are bypassed."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from targetgroups.models import DescriptionCell, PlacementRule, TargetGroup, TargetGroupDescription, VersionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_description():
    group = TargetGroup.objects.create(name="Testgruppe", age_band="voksne", slug="testgruppe-voksne")
    description = TargetGroupDescription.objects.create(target_group=group, version=1)
    cell = DescriptionCell.objects.create(description=description, parameter="kompleksitet", level=1, text="Tekst")
    # Publish by queryset so this test depends on nothing but the triggers.
    TargetGroupDescription.objects.filter(pk=description.pk).update(
        status=VersionStatus.PUBLISHED, published_at=timezone.now(), valid_from=datetime.date(2026, 1, 1)
    )
    return description, cell


def _refused(operation) -> bool:
    try:
        with transaction.atomic():
            operation()
    except IntegrityError:
        return True
    return False


def test_queryset_update_of_published_description_text_is_refused(published_description):
    description, _ = published_description
    assert _refused(lambda: TargetGroupDescription.objects.filter(pk=description.pk).update(introduction="ny"))


def test_queryset_delete_of_published_description_is_refused(published_description):
    description, _ = published_description
    assert _refused(lambda: TargetGroupDescription.objects.filter(pk=description.pk)._raw_delete("default"))


def test_published_version_can_be_retired_but_not_reopened(published_description):
    description, _ = published_description
    assert not _refused(
        lambda: TargetGroupDescription.objects.filter(pk=description.pk).update(
            status=VersionStatus.RETIRED, retired_at=timezone.now()
        )
    )
    assert _refused(
        lambda: TargetGroupDescription.objects.filter(pk=description.pk).update(status=VersionStatus.PUBLISHED)
    )
    assert _refused(lambda: TargetGroupDescription.objects.filter(pk=description.pk).update(status=VersionStatus.DRAFT))


def test_cells_of_published_description_cannot_be_updated_added_or_deleted(published_description):
    description, cell = published_description
    assert _refused(lambda: DescriptionCell.objects.filter(pk=cell.pk).update(text="ændret"))
    assert _refused(lambda: DescriptionCell.objects.filter(pk=cell.pk)._raw_delete("default"))
    assert _refused(
        lambda: DescriptionCell.objects.bulk_create(
            [DescriptionCell(description=description, parameter="kompleksitet", level=2, text="ny")]
        )
    )


def test_draft_rows_stay_editable():
    rule = PlacementRule.objects.create(name="Udkast", version=1)
    assert not _refused(lambda: PlacementRule.objects.filter(pk=rule.pk).update(hoejt_min_at_hoejt=8))
    assert PlacementRule.objects.get(pk=rule.pk).hoejt_min_at_hoejt == 8
