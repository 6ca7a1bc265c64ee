"""The current-placement table for the bulk-written decisions: one INSERT … SELECT over all of them.

The generator writes cases and decisions by COPY, past the services that keep assessments_currentplacement
up to date in their transaction, so the table is rebuilt from the decisions once they are written.
"""

from django.db import connection

from assessments.services.placements import rebuild_placements


def write_placements() -> int:
    """Rebuild every current placement; returns the number of rows."""
    rows = rebuild_placements()
    with connection.cursor() as cursor:
        # Check the new rows' foreign keys now rather than at commit, so a --reset later in the same transaction
        # (the tests run the generator twice) may TRUNCATE the table; then back to Django's deferred default.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return rows
