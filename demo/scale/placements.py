"""The current-placement table for the bulk-written decisions: one INSERT … SELECT over all of them.

The generator writes cases and decisions by COPY, past the services that keep assessments_currentplacement
up to date in their transaction, so the table is rebuilt from the decisions once they are written.
"""

from assessments.services.placements import rebuild_placements


def write_placements() -> int:
    """Rebuild every current placement; returns the number of rows."""
    return rebuild_placements()
