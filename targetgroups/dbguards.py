"""SQL for the database triggers that keep published versions immutable.

Used by migrations: a published version row may only move to retired; rows that belong to a
non-draft version (cells, criteria, questions …) cannot be inserted, updated or deleted.
"""

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


def forward_sql(version_tables: list[str], child_tables: dict[str, str]) -> str:
    """SQL creating the guards; child_tables maps a table to a query for its version's status (row alias r)."""
    parts = [VERSION_FUNCTION]
    for table in version_tables:
        parts.append(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION targetgroups_version_guard();"
        )
    for table, lookup in child_tables.items():
        lookup_into = lookup.replace(" FROM ", " INTO parent_status FROM ", 1)
        parts.append(CHILD_FUNCTION.format(table=table, lookup_into=lookup_into))
        parts.append(
            f"CREATE TRIGGER {table}_immutable BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_guard();"
        )
    return "\n".join(parts)


def reverse_sql(version_tables: list[str], child_tables: dict[str, str], *, drop_shared: bool = True) -> str:
    parts = [f"DROP TRIGGER IF EXISTS {t}_immutable ON {t};" for t in [*version_tables, *child_tables]]
    parts += [f"DROP FUNCTION IF EXISTS {t}_guard();" for t in child_tables]
    if drop_shared:
        parts.append("DROP FUNCTION IF EXISTS targetgroups_version_guard();")
    return "\n".join(parts)
