"""The transition table: who may do what from where, stated independently of the table's own encoding."""

import pytest

from assessments.domain.workflow import (
    TRANSITIONS,
    Action,
    CaseRole,
    State,
    TransitionNotAllowed,
    available_actions,
    check_transition,
)

S, A, R = State, Action, CaseRole

# Every allowed (state, role, action) triple, written out by hand from the process description.
ALLOWED = {
    (S.OPRETTET, R.PRIMARY, A.REQUEST_INFORMATION),
    *{(s, R.SUPPLIER, A.SUBMIT_INFORMATION) for s in (S.OPLYSNINGER_ANMODET, S.SUPPLERING)},
    *{
        (S.OPLYSNINGER_MODTAGET, r, a)
        for r in (R.PRIMARY, R.SECOND)
        for a in (A.REQUEST_SUPPLEMENT, A.ACCEPT_INFORMATION)
    },
    (S.VURDERING, R.SYSTEM, A.COMPLETE_JUDGEMENTS),
    *{(S.AFSTEMNING, r, A.SUBMIT_FOR_SIGNOFF) for r in (R.PRIMARY, R.SECOND)},
    (S.TIL_GODKENDELSE, R.LEADER, A.RETURN_TO_CONSULTANTS),
    (S.TIL_GODKENDELSE, R.LEADER, A.APPROVE),
    *{(S.RETURNERET, r, A.RESUME_RECONCILIATION) for r in (R.PRIMARY, R.SECOND)},
    *{(S.PARTSHOERING, r, a) for r in (R.PRIMARY, R.SECOND) for a in (A.REVISE_AFTER_HEARING, A.DECIDE)},
    (S.AFGJORT, R.SUPPLIER, A.APPEAL),
    *{(S.KLAGE, r, A.RECONSIDER) for r in (R.PRIMARY, R.SECOND)},
    *{(S.KLAGE, r, A.UPHOLD) for r in (R.PRIMARY, R.SECOND, R.LEADER)},
    *{(s, r, A.CANCEL) for s in set(State) - {S.AFGJORT, S.ANNULLERET, S.KLAGE} for r in (R.PRIMARY, R.LEADER)},
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("role", list(CaseRole))
def test_allowed_and_refused_moves_match_the_process(state, role):
    for action in Action:
        if (state, role, action) in ALLOWED:
            assert check_transition(action, state, {role}) == TRANSITIONS[action].target
        else:
            with pytest.raises(TransitionNotAllowed, match=r"^(«|Du har ikke)"):
                check_transition(action, state, {role})
    assert {t.action for t in available_actions(state, {role})} == {
        a for s, r, a in ALLOWED if s == state and r == role
    }


def test_final_states_have_no_way_out_except_appeal():
    assert available_actions(S.ANNULLERET, set(CaseRole)) == []
    assert [t.action for t in available_actions(S.AFGJORT, set(CaseRole))] == [A.APPEAL]


def test_refusal_messages_are_danish_and_name_the_state():
    with pytest.raises(TransitionNotAllowed, match="«Træf afgørelse» er ikke muligt, når sagen er i «Vurdering»"):
        check_transition(A.DECIDE, S.VURDERING, {R.PRIMARY})
