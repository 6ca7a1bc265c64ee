"""Supplier onboarding from a Tilbudsportalen-shaped register file (CSV or XLSX): parse, preview, apply."""
