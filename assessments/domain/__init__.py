"""Pure rules of a case: the workflow table, deadlines, agreement. No Django imports."""
