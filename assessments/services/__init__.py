"""Every write to a case and what belongs to it. Split by part of the workflow."""
