"""Keeping the current-placement table (assessments.models.CurrentPlacement) equal to the decisions.

A subject's row is recomputed from the decisions in the transaction of every write that changes which
decision is current: a decision made (or a new version after an appeal), a case moving into or out of a decided
state (appeal taken up again, cancellation), and a re-assessment opened from a decision. Supplier and department
renames and address changes are copied by database triggers (migration 0008), so the suppliers app knows nothing
of placements. Dates are not maintained here: the search compares them with today (selectors.placements).

The current decision of a subject is the newest version of its newest decided case. A decision stays the
current placement while its re-assessment is under way: it applies until the new decision is made (its validity
is compared with today by the search). This differs on purpose from `selectors.reassessment.current_decisions()`,
which leaves out decisions already being re-assessed, because the genvurdering sweep must not remind of those.
"""

from typing import Any

from django.db import connection

from assessments.domain.workflow import DECIDED_STATES
from assessments.models import Case
from assessments.models.cases import state_values

# The rows of the current placements, from the decisions, as one INSERT … SELECT. `{subject}` is "" (every
# subject) or a condition on the case `c`. The migration that created the table holds a frozen copy.
_INSERT = """
INSERT INTO assessments_currentplacement (
    decision_id, case_id, supplier_id, department_id, target_group_id, socialtilsyn_id,
    level, remedy_level, valid_from, valid_until, remedy_until, decided_at,
    age_band, municipality_code, ownership, matrikelloes,
    supplier_name, cvr, supplier_address, department_name, department_address
)
SELECT DISTINCT ON (c.supplier_id, c.department_id, c.target_group_id)
    d.id, c.id, c.supplier_id, c.department_id, c.target_group_id, c.socialtilsyn_id,
    d.level,
    CASE WHEN d.remedy_until IS NOT NULL AND prev.level > d.level THEN prev.level END,
    d.valid_from, d.valid_until, d.remedy_until, d.decided_at,
    tg.age_band, s.municipality_code, s.ownership,
    COALESCE(dep.is_matrikelloes, s.kind = 'matrikelloest'),
    s.name,
    s.cvr,
    concat_ws(', ', NULLIF(s.street, ''), NULLIF(btrim(s.postcode || ' ' || s.city), '')),
    COALESCE(dep.name, ''),
    COALESCE(concat_ws(', ', NULLIF(dep.street, ''), NULLIF(btrim(dep.postcode || ' ' || dep.city), '')), '')
FROM assessments_decision d
JOIN assessments_case c ON c.id = d.case_id
JOIN suppliers_supplier s ON s.id = c.supplier_id
LEFT JOIN suppliers_department dep ON dep.id = c.department_id
JOIN targetgroups_targetgroup tg ON tg.id = c.target_group_id
LEFT JOIN LATERAL (
    SELECT pd.level FROM assessments_decision pd
    WHERE pd.case_id = c.previous_case_id ORDER BY pd.version DESC LIMIT 1
) prev ON TRUE
WHERE c.state = ANY(%(decided)s)
  AND NOT EXISTS (SELECT 1 FROM assessments_decision n WHERE n.case_id = d.case_id AND n.version > d.version)
  {subject}
ORDER BY c.supplier_id, c.department_id, c.target_group_id, d.decided_at DESC, d.id DESC
"""

_SUBJECT = (
    "AND c.supplier_id = %(supplier)s AND c.target_group_id = %(target_group)s "
    "AND c.department_id IS NOT DISTINCT FROM %(department)s"
)


def _params(**extra: int | None) -> dict[str, Any]:
    return {"decided": state_values(DECIDED_STATES), **extra}


def refresh_placement(*, supplier_id: int, department_id: int | None, target_group_id: int) -> None:
    """Recompute the current placement of one supplier (department_id None) or department and target group.

    Call inside the transaction of the write that changed the subject's decisions. Holds a transaction-level
    advisory lock on the subject, so two writes on the same subject refresh one after the other and the row
    ends as the decisions stand after both.
    """
    subject = {"supplier": supplier_id, "department": department_id, "target_group": target_group_id}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"placement:{supplier_id}:{department_id}:{target_group_id}"],
        )
        cursor.execute(
            "DELETE FROM assessments_currentplacement WHERE supplier_id = %(supplier)s "
            "AND target_group_id = %(target_group)s AND department_id IS NOT DISTINCT FROM %(department)s",
            subject,
        )
        cursor.execute(_INSERT.format(subject=_SUBJECT), _params(**subject))


def refresh_placements_of(case: Case) -> None:
    """Recompute the placement of the case's subject, and of its previous case's were that another subject (a
    re-assessment is opened on the subject of its previous case, so in practice this is one subject)."""
    subjects = {(case.supplier_id, case.department_id, case.target_group_id)}
    if case.previous_case_id is not None:
        subjects |= set(
            Case.objects.filter(pk=case.previous_case_id).values_list("supplier_id", "department_id", "target_group_id")
        )
    for supplier_id, department_id, target_group_id in sorted(subjects, key=str):
        refresh_placement(supplier_id=supplier_id, department_id=department_id, target_group_id=target_group_id)


def rebuild_placements() -> int:
    """Recompute every current placement from scratch (the bulk data generator; a repair). Returns the rows."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE assessments_currentplacement IN EXCLUSIVE MODE")
        cursor.execute("DELETE FROM assessments_currentplacement")
        cursor.execute(_INSERT.format(subject=""), _params())
        return cursor.rowcount
