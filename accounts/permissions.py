"""Who may do what, as `rules` predicates. Views and services ask these; nothing else decides access.

Object permissions are registered with `rules` so that `user.has_perm("suppliers.view_supplier", obj)`
answers the same question everywhere (views, templates, admin, services).
"""

import rules

from .models import Role


@rules.predicate
def is_supplier_user(user) -> bool:
    return user.is_authenticated and user.role == Role.SUPPLIER


@rules.predicate
def is_consultant(user) -> bool:
    return user.is_authenticated and user.role == Role.CONSULTANT


@rules.predicate
def is_leader(user) -> bool:
    return user.is_authenticated and user.role == Role.LEADER


@rules.predicate
def is_fagadmin(user) -> bool:
    return user.is_authenticated and user.role == Role.FAGADMIN


@rules.predicate
def is_myndighed(user) -> bool:
    return user.is_authenticated and user.role == Role.MYNDIGHED


is_tilsyn_staff = is_consultant | is_leader


@rules.predicate
def is_member_of_supplier(user, supplier) -> bool:
    if supplier is None or not user.is_authenticated:
        return False
    return user.suppliers.filter(pk=supplier.pk).exists()


@rules.predicate
def supervises_supplier(user, supplier) -> bool:
    """Consultants and leaders see the suppliers their own socialtilsyn is responsible for."""
    if supplier is None or not user.is_authenticated:
        return False
    return user.socialtilsyn_id is not None and supplier.socialtilsyn_id == user.socialtilsyn_id


# The fagadministrator loads the register of all suppliers (Tilbudsportalen extracts), so sees all of them.
can_view_supplier = (is_supplier_user & is_member_of_supplier) | (is_tilsyn_staff & supervises_supplier) | is_fagadmin

rules.add_perm("suppliers.view_supplier", can_view_supplier)
rules.add_perm("suppliers.list_suppliers", is_supplier_user | is_tilsyn_staff | is_fagadmin)
rules.add_perm("suppliers.import_suppliers", is_fagadmin)
rules.add_perm("targetgroups.view_catalogue", rules.is_authenticated)
rules.add_perm("targetgroups.manage_content", is_fagadmin)
# The public statements (tilgængelighedserklæring, privatlivspolitik): anyone reads, the fagadministrator edits.
rules.add_perm("core.edit_statements", is_fagadmin)

# The fagadministrator maintains the model's content; in the Django admin too (descriptions, guides, rules).
rules.add_perm("targetgroups", is_fagadmin)
for _model in (
    "targetgroup",
    "targetgroupdescription",
    "descriptioncell",
    "assessmentguide",
    "guideparameter",
    "guidecriterion",
    "criterionthreshold",
    "placementrule",
    "formtemplate",
    "formquestion",
):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"targetgroups.{_action}_{_model}", is_fagadmin)
