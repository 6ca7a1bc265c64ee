"""Who may use which part of the API, as `rules` permissions built from the UI's own predicates."""

import rules

from accounts.permissions import is_fagadmin, is_supplier_user, is_tilsyn_staff

rules.add_perm("api.manage_tokens", is_fagadmin)

# The API's entry checks are the UI's role predicates; the objects are scoped by the same selectors
# (placements: assessments.view_register; suppliers: suppliers.list_suppliers, as the pages).

rules.add_perm("api.use_supplier_forms", is_supplier_user)
rules.add_perm("api.view_cases", is_tilsyn_staff)
