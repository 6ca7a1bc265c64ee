"""The guard before a run, and --reset: remove the case data and the bulk suppliers and users of an earlier run."""

from django.db import connection, transaction

from assessments.models import Case
from demo.suppliers import SUPPLIERS, demo_cvr

from .orgs import SUPPLIER_PORTAL_BASE, USERNAME_PREFIX

# Every table that holds case data, truncated together (CASCADE reaches the rest).
CASE_TABLES = (
    "assessments_case",
    "notifications_notification",
    "audit_auditentry",
)


def foreign_cases() -> int:
    """Cases that are neither the demo's own (on the demo suppliers) nor absent: the run refuses when there are any."""
    demo_cvrs = [demo_cvr(i) for i in range(len(SUPPLIERS))]
    return Case.objects.exclude(supplier__cvr__in=demo_cvrs).count()


@transaction.atomic
def reset() -> None:
    """Truncate the case data (with the audit trail, whose append-only triggers are set aside for this statement
    only) and delete the suppliers and users an earlier run added. Demo users and their passwords stay."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute(f"TRUNCATE {', '.join(CASE_TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
        cursor.execute(
            "DELETE FROM accounts_user_suppliers WHERE user_id IN "
            "(SELECT id FROM accounts_user WHERE username LIKE %s)",
            [USERNAME_PREFIX + "%"],
        )
        cursor.execute("DELETE FROM accounts_user WHERE username LIKE %s", [USERNAME_PREFIX + "%"])
        cursor.execute(
            "DELETE FROM suppliers_department WHERE supplier_id IN "
            "(SELECT id FROM suppliers_supplier WHERE tilbudsportal_id >= %s)",
            [SUPPLIER_PORTAL_BASE],
        )
        cursor.execute("DELETE FROM suppliers_supplier WHERE tilbudsportal_id >= %s", [SUPPLIER_PORTAL_BASE])
