"""Archivable PDF reports (PDF/A): one renderer shared by the supplier's form copy and the decision report."""
