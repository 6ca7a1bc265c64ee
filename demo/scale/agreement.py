"""The agreement summary of the national dataset: counted from the judgement rows just written."""

from assessments.services.agreement import agreement_summary_rebuild


def write_agreement_summary() -> int:
    """Recount the agreement summary (the rows were written by COPY, past the service that keeps it up to date);
    returns the number of rows."""
    return agreement_summary_rebuild()
