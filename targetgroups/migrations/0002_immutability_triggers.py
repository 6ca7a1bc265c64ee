"""Database backstop for the rule that published versions never change.

The models refuse such writes with a friendly error; these triggers also stop writes that bypass the
models (QuerySet.update, bulk operations, raw SQL). A published version may only become retired.
"""

from django.db import migrations

VERSION_TABLES = ["targetgroups_targetgroupdescription", "targetgroups_assessmentguide", "targetgroups_placementrule"]

# child table -> SQL that finds the status of the version the row belongs to (row alias: r)
CHILD_TABLES = {
    "targetgroups_descriptioncell": (
        "SELECT d.status FROM targetgroups_targetgroupdescription d WHERE d.id = r.description_id"
    ),
    "targetgroups_guideparameter": "SELECT g.status FROM targetgroups_assessmentguide g WHERE g.id = r.guide_id",
    "targetgroups_guidecriterion": (
        "SELECT g.status FROM targetgroups_assessmentguide g "
        "JOIN targetgroups_guideparameter p ON p.guide_id = g.id WHERE p.id = r.guide_parameter_id"
    ),
    "targetgroups_guidecriterion_cells": (
        "SELECT g.status FROM targetgroups_assessmentguide g "
        "JOIN targetgroups_guideparameter p ON p.guide_id = g.id "
        "JOIN targetgroups_guidecriterion c ON c.guide_parameter_id = p.id WHERE c.id = r.guidecriterion_id"
    ),
    "targetgroups_criterionthreshold": (
        "SELECT g.status FROM targetgroups_assessmentguide g "
        "JOIN targetgroups_guideparameter p ON p.guide_id = g.id "
        "JOIN targetgroups_guidecriterion c ON c.guide_parameter_id = p.id WHERE c.id = r.criterion_id"
    ),
}

VERSION_FUNCTION = """
CREATE OR REPLACE FUNCTION targetgroups_version_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'published version % of % cannot be deleted', OLD.version, TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND (
        NEW.status = 'draft'
        OR (OLD.status = 'retired' AND NEW.status <> 'retired')
        OR (to_jsonb(NEW) - 'status' - 'retired_at') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'retired_at')
    ) THEN
        RAISE EXCEPTION 'published version % of % is immutable', OLD.version, TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

CHILD_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_guard() RETURNS trigger AS $$
DECLARE
    r {table}%ROWTYPE;
    parent_status text;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    {lookup_into};
    IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
        RAISE EXCEPTION 'rows of a published version cannot change (%)', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' THEN
        r := OLD;
        {lookup_into};
        IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
            RAISE EXCEPTION 'rows of a published version cannot change (%)', TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def forward_sql() -> str:
    parts = [VERSION_FUNCTION]
    for table in VERSION_TABLES:
        parts.append(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION targetgroups_version_guard();"
        )
    for table, lookup in CHILD_TABLES.items():
        lookup_into = lookup.replace("SELECT ", "SELECT ", 1).replace(" FROM ", " INTO parent_status FROM ", 1)
        parts.append(CHILD_FUNCTION.format(table=table, lookup_into=lookup_into))
        parts.append(
            f"CREATE TRIGGER {table}_immutable BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_guard();"
        )
    return "\n".join(parts)


def reverse_sql() -> str:
    parts = [f"DROP TRIGGER IF EXISTS {t}_immutable ON {t};" for t in [*VERSION_TABLES, *CHILD_TABLES]]
    parts += [f"DROP FUNCTION IF EXISTS {t}_guard();" for t in CHILD_TABLES]
    parts.append("DROP FUNCTION IF EXISTS targetgroups_version_guard();")
    return "\n".join(parts)


class Migration(migrations.Migration):
    dependencies = [("targetgroups", "0001_initial")]

    operations = [migrations.RunSQL(forward_sql(), reverse_sql())]
