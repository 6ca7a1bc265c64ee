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


# --- the audit trail ----------------------------------------------------------------------------------------


def _audit_entry():
    from audit.models import AuditEntry

    return AuditEntry.objects.create(action="test", summary="Et spor, der skal blive")


def test_audit_entries_cannot_be_updated_or_deleted():
    from audit.models import AuditEntry

    entry = _audit_entry()
    assert _refused(lambda: AuditEntry.objects.filter(pk=entry.pk).update(summary="ændret"))
    assert _refused(lambda: AuditEntry.objects.filter(pk=entry.pk).delete())


def test_audit_table_cannot_be_truncated():
    from django.db import connection

    from audit.models import AuditEntry

    _audit_entry()

    def truncate():
        with connection.cursor() as cursor:
            # Check the deferred foreign keys of the insert now; PostgreSQL refuses TRUNCATE while they wait.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE audit_auditentry CASCADE")

    assert _refused(truncate)
    assert AuditEntry.objects.count() == 1


def test_audit_truncate_switch_is_ignored_for_a_role_that_does_not_own_the_table():
    """The switch the test suite's flush uses helps only the table's owner; the app's role cannot use it."""
    import uuid

    from django.db import connection

    role = f"audit_probe_{uuid.uuid4().hex[:12]}"
    _audit_entry()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        try:
            cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
            cursor.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON audit_auditentry TO "{role}"')

            def truncate_as_app_role():
                with connection.cursor() as inner:
                    inner.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    inner.execute(f'SET LOCAL ROLE "{role}"')
                    inner.execute("SET LOCAL audit.allow_truncate = 'on'")
                    inner.execute("TRUNCATE audit_auditentry")

            assert _refused(truncate_as_app_role)
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute(f'REVOKE ALL ON audit_auditentry FROM "{role}"')
            cursor.execute(f'REVOKE ALL ON SCHEMA public FROM "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')
