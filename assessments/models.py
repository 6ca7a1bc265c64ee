"""Cases, judgements, reconciliation and decisions arrive with the case issues."""
