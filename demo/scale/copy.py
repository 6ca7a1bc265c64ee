"""Bulk writing with PostgreSQL COPY (psycopg 3): ids are handed out here, sequences are moved on at the end."""

import json
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
        copy_rows(self.name, self.columns, self.rows)
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
