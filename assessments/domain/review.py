"""Pure rules of the review step: when a consultant may judge, and how two judgements are compared.

No Django here: the selectors and services of the review step (assessments.selectors.review,
assessments.services.review) ask these functions, so the pages and the writes share one answer.
"""

from collections.abc import Mapping
from enum import StrEnum

from assessments.domain.workflow import JUDGING_STARTED_STATES, OPEN_STATES, State
from targetgroups.domain.model import SUPPLIER_PARAMETERS

# The eight parameters in the order of the model (and of every page of the review step).
PARAMETER_ORDER: list[str] = [p.value for p in SUPPLIER_PARAMETERS]

# The supplier's information is not yet accepted: judging has not begun.
BEFORE_JUDGING_STATES = OPEN_STATES - JUDGING_STARTED_STATES
# The consultants write their own judgements.
JUDGING_STATES = frozenset({State.VURDERING})
# The consultants change the reconciled result (and confirm it).
RECONCILING_STATES = frozenset({State.AFSTEMNING})
# The leader returned the result; a consultant may resume the reconciliation.
RETURNED_STATES = frozenset({State.RETURNERET})
# The leader's latest return is still being worked on (returned, or resumed).
RETURN_SHOWN_STATES = RETURNED_STATES | RECONCILING_STATES


class Waiting(StrEnum):
    """Why a consultant cannot begin their judgement yet."""

    INFORMATION = "information"  # the supplier's information is not accepted yet
    PRIMARY = "primary"  # review mode: the judge has not submitted yet


def judging_waits(state: State, *, is_review: bool, primary_submitted: bool) -> Waiting | None:
    """What the consultant waits for before judging, or None."""
    if state in BEFORE_JUDGING_STATES:
        return Waiting.INFORMATION
    if state in JUDGING_STATES and is_review and not primary_submitted:
        return Waiting.PRIMARY
    return None


def judgement_editable(state: State, *, waiting: Waiting | None, own_submitted: bool) -> bool:
    """Whether the consultant may change their own judgement now (judging, not waiting, not yet submitted)."""
    return state in JUDGING_STATES and waiting is None and not own_submitted


def neighbours(parameter: str) -> tuple[str | None, str | None]:
    """The parameters before and after this one, in the model's order."""
    index = PARAMETER_ORDER.index(parameter)
    previous = PARAMETER_ORDER[index - 1] if index > 0 else None
    following = PARAMETER_ORDER[index + 1] if index + 1 < len(PARAMETER_ORDER) else None
    return previous, following


def second_levels(
    first: Mapping[str, int | None],
    second: Mapping[str, int | None],
    review_agrees: Mapping[str, bool | None],
    *,
    is_review: bool,
) -> dict[str, int | None]:
    """The second consultant's level per parameter.

    In review mode a reviewer who agrees takes the judge's level, and one who disagrees has none of their
    own, which makes the parameter a disagreement to resolve. Otherwise their own level."""
    if is_review:
        return {p: (first.get(p) if agrees else None) for p, agrees in review_agrees.items()}
    return dict(second)


def grid_order(reference: str, level: int) -> tuple[str, int]:
    """Description boxes row by row, and let → moderat → højt within a row (B1-L, B1-M, B1-H, B2-L …)."""
    return reference.split("-")[0], level
