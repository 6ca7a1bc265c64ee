"""Pure domain rules of the specialisation model. No Django imports in this package."""
