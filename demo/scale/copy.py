"""Bulk writing with PostgreSQL COPY (psycopg 3): ids are handed out here, sequences are moved on at the end."""

import json
import queue
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from psycopg import postgres
from psycopg.adapt import Dumper
from psycopg.pq import Format

# One encoder for every value: json.dumps with options builds a new encoder per call, which the millions of small
# audit values would pay for. Same output as json.dumps(value, ensure_ascii=False, sort_keys=True).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def dumps(value: Any) -> str:
    """JSON as a jsonb column takes it in COPY's text format (keys sorted, so a checksum is stable)."""
    return _ENCODER.encode(value)


class JsonText(Dumper):
    """A str that already is JSON, in jsonb's binary COPY format (version 1, then the text as it is)."""

    format = Format.BINARY
    oid = postgres.types["jsonb"].oid

    def dump(self, obj: str) -> bytes:
        return b"\x01" + obj.encode()


class Table:
    """Rows for one table: `add` gives the next id; `flush` copies what has been collected.

    Rows go in COPY's binary format, each value converted by the dumper of its column's type (read from the
    catalogue): cheaper on both sides than text, where Python writes and PostgreSQL parses every number and
    timestamp as text. A jsonb column takes its value as JSON text (see `dumps`).

    `copy_into` names another table the rows are copied into instead (a staging table, see SharedValueTable)."""

    def __init__(self, name: str, columns: Sequence[str], *, with_id: bool = True, copy_into: str = "") -> None:
        self.name = name
        self.copy_into = copy_into or name
        self.with_id = with_id
        self.columns = (("id",) if with_id else ()) + tuple(columns)
        self.types = _column_types(self.copy_into, self.columns)
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

    def take(self) -> list[tuple]:
        rows, self.rows = self.rows, []
        return rows

    def copy(self, rows: list[tuple], conn: Any = None) -> None:
        """COPY the rows (on `conn`, the psycopg connection, when given: the writer thread's way in)."""
        if not rows:
            return
        started = time.monotonic()
        copy_rows(self.copy_into, self.columns, rows, conn, types=self.types)
        self.seconds += time.monotonic() - started
        self.written += len(rows)

    def flush(self) -> None:
        self.copy(self.take())

    def finish(self) -> None:
        self.flush()
        self.move_sequence()

    def move_sequence(self) -> None:
        if self.with_id:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(%s, 1), %s)",
                    [self.name, self.next_id - 1, self.next_id > 1],
                )


class SharedValueTable(Table):
    """A table whose last column holds one of a few large values, given by key (the submission snapshot, one per
    target group): COPY sends the key into a temporary table, and one INSERT … SELECT at the end writes the real
    rows with the value. PostgreSQL then parses and compresses each value once and copies the stored datum into
    every row, where COPY would parse and compress the same 12 kB of JSON for each of 30,000 rows."""

    def __init__(self, name: str, columns: Sequence[str], *, column: str, values: dict[int, str]) -> None:
        self.column = column
        self.stage = f"scale_stage_{name}"
        self.shared = f"scale_values_{name}"
        own = ", ".join(f'"{c}"' for c in ("id", *columns))
        with connection.cursor() as cursor:
            # ON COMMIT DROP, and dropped when done: the tests run the generator twice in one transaction.
            for temp in (self.stage, self.shared):
                cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{temp}")
            cursor.execute(
                f"CREATE TEMP TABLE {self.stage} ON COMMIT DROP AS "  # noqa: S608 (a model's table and columns)
                f'SELECT {own} FROM "{name}" WITH NO DATA'
            )
            cursor.execute(f"ALTER TABLE {self.stage} ADD COLUMN value_key integer NOT NULL")
            cursor.execute(
                f"CREATE TEMP TABLE {self.shared} (value_key integer PRIMARY KEY, value jsonb) ON COMMIT DROP"
            )
            for key, value in values.items():
                cursor.execute(f"INSERT INTO {self.shared} VALUES (%s, %s::jsonb)", [key, value])  # noqa: S608
        super().__init__(name, (*columns, "value_key"), copy_into=self.stage)

    def finish(self) -> None:
        self.flush()
        own = ", ".join(f'"{c}"' for c in self.columns[:-1])
        staged = ", ".join(f's."{c}"' for c in self.columns[:-1])
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO "{self.name}" ({own}, "{self.column}") '  # noqa: S608 (table and column names)
                f"SELECT {staged}, v.value FROM {self.stage} s JOIN {self.shared} v ON v.value_key = s.value_key "
                "ORDER BY s.id"
            )
            assert cursor.rowcount == self.written, (cursor.rowcount, self.written)
            cursor.execute(f"DROP TABLE {self.stage}, {self.shared}")
        self.move_sequence()


def _max_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - a model's table name
        return int(cursor.fetchone()[0])


def _column_types(table: str, columns: Sequence[str]) -> list[int]:
    """The type oid of each column, for COPY's binary format."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped",
            [f'"{table}"'],
        )
        types = dict(cursor.fetchall())
    return [int(types[c]) for c in columns]


def copy_rows(
    table: str, columns: Sequence[str], rows: Iterable[tuple], conn: Any = None, *, types: Sequence[int] = ()
) -> None:
    """COPY the rows into the table, in binary with the given column types (as text without them)."""
    names = ", ".join(f'"{c}"' for c in columns)
    if conn is None:
        connection.ensure_connection()
        conn = connection.connection  # the psycopg connection under Django's wrapper
    binary = " (FORMAT BINARY)" if types else ""
    with conn.cursor() as cursor:
        cursor.adapters.register_dumper(None, JsonText)  # this cursor's jsonb columns take JSON text
        with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN{binary}') as copy:
            if types:
                copy.set_types(list(types))
            for row in rows:
                copy.write_row(row)


class CopyWriter:
    """Runs the COPY of each batch in a second thread on the same connection (and so in the same transaction),
    so that PostgreSQL stores one batch while Python builds the next: on two cores the server's work and the
    generator's overlap instead of taking turns.

    The main thread must not use the connection while a batch is in flight (psycopg's connection lock would
    make it wait); `drain` waits until every batch is written and re-raises the first error of the thread."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self._conn = connection.connection
        self._queue: queue.Queue[list[tuple[Table, list[tuple]]] | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="seed-scale-copy", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            try:
                if batch is None:
                    return
                if self._error is None:
                    for table, rows in batch:
                        table.copy(rows, self._conn)
            except BaseException as error:  # handed to the main thread by drain()
                self._error = error
            finally:
                self._queue.task_done()

    def submit(self, batch: list[tuple[Table, list[tuple]]]) -> None:
        self._raise()
        self._queue.put(batch)

    def drain(self) -> None:
        self._queue.join()
        self._raise()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


class BulkLoad:
    """Set aside the foreign keys and the indexes of the given tables, and put them back at the end of the block.

    Adding a foreign key back checks every row in one pass (an anti-join), where millions of deferred per-row
    checks would queue up until COMMIT; building an index once is a sort, where COPY would update it row by row.
    They are the same constraints and indexes (their definitions are read from the catalogue), so every row is
    still checked, unique indexes included. Primary keys and unique constraints stay in place throughout.
    Needs the tables' owner (as migrations do) and holds their locks until the transaction ends.

    `build_indexes` puts back the indexes of some tables early (those the statements run before the end read).
    """

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self.foreign_keys: list[tuple[str, str, str]] = []
        self.indexes: list[tuple[str, str, str]] = []

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
                "SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 2",
                [self.tables],
            )
            self.indexes = list(cursor.fetchall())
            for table, name, _definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for _table, name, _definition in self.indexes:
                cursor.execute(f"DROP INDEX {name}")
        return self

    def build_indexes(self, tables: Iterable[str]) -> None:
        wanted = set(tables)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _table, _name, definition in [i for i in self.indexes if i[0] in wanted]:
                cursor.execute(definition)
        self.indexes = [i for i in self.indexes if i[0] not in wanted]

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            return  # the transaction rolls back, and the constraints and indexes with it
        self.build_indexes(self.tables)
        with connection.cursor() as cursor:
            for table, name, definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to how Django declares them
