"""The audit trail refuses TRUNCATE too (row triggers do not fire on TRUNCATE, so it needs its own trigger).

One narrow exception keeps the test suite's `flush` working: the table's owner may truncate when it sets
`audit.allow_truncate = 'on'` in the transaction. Any role that does not own the table (the app's role in
production) is refused even with the switch; the owner could disable the trigger anyway.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('audit.allow_truncate', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit entries cannot be truncated'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
"""

REVERSE = """
DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_refuse_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
