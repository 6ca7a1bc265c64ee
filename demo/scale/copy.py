"""Bulk writing with PostgreSQL COPY (psycopg 3): ids are handed out here, sequences are moved on at the end."""

import json
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection


def dumps(value: Any) -> str:
    """JSON as a jsonb column takes it in COPY's text format (keys sorted, so a checksum is stable)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Table:
    """Rows for one table: `add` gives the next id; `flush` copies what has been collected."""

    def __init__(self, name: str, columns: Sequence[str], *, with_id: bool = True) -> None:
        self.name = name
        self.with_id = with_id
        self.columns = (("id",) if with_id else ()) + tuple(columns)
        self.rows: list[tuple] = []
        self.next_id = _max_id(name) + 1 if with_id else 0
        self.written = 0
        self.seconds = 0.0  # spent in COPY

    def add(self, *values: Any) -> int:
        if not self.with_id:
            self.rows.append(values)
            return 0
        row_id = self.next_id
        self.next_id += 1
        self.rows.append((row_id, *values))
        return row_id

    def flush(self) -> None:
        if not self.rows:
            return
        started = time.monotonic()
        copy_rows(self.name, self.columns, self.rows)
        self.seconds += time.monotonic() - started
        self.written += len(self.rows)
        self.rows = []

    def finish(self) -> None:
        self.flush()
        if self.with_id:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(%s, 1), %s)",
                    [self.name, self.next_id - 1, self.next_id > 1],
                )


def _max_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - a model's table name
        return int(cursor.fetchone()[0])


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)


class BulkLoad:
    """Set aside the foreign keys and the indexes of the given tables, and put them back at the end of the block.

    Adding a foreign key back checks every row in one pass (an anti-join), where millions of deferred per-row
    checks would queue up until COMMIT; building an index once is a sort, where COPY would update it row by row.
    They are the same constraints and indexes (their definitions are read from the catalogue), so every row is
    still checked, unique indexes included. Primary keys and unique constraints stay in place throughout.
    Needs the tables' owner (as migrations do) and holds their locks until the transaction ends.
    """

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self.foreign_keys: list[tuple[str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []

    def __enter__(self) -> "BulkLoad":
        with connection.cursor() as cursor:
            # Checks still queued in this transaction (e.g. the demo seed's, in a test) run now: a table with
            # pending trigger events cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
                [self.tables],
            )
            self.foreign_keys = list(cursor.fetchall())
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid::regclass::text = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
                [self.tables],
            )
            self.indexes = list(cursor.fetchall())
            for table, name, _definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            return  # the transaction rolls back, and the constraints and indexes with it
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to how Django declares them
