"""Databeskyttelse: keeps citizen-identifying data (CPR numbers) out of free text and uploaded files."""
