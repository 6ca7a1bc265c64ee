"""The transition table: who may do what from where, stated independently of the table's own encoding."""

import pytest

from assessments.domain.workflow import (
    HEARING_STATES,
    IN_PROGRESS_STATES,
    JUDGING_STATES,
    STAFF_ROLES,
    TRANSITIONS,
    Action,
    CaseRole,
    State,
    Tab,
    TransitionNotAllowed,
    available_actions,
    case_tabs,
    check_transition,
    state_badge,
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


# The case navigation, written out from the staff pages' own rules (the views answer 404 to the rest):
# which states open each tab, and which case roles see it.
JUDGING_ON = {S.VURDERING, S.AFSTEMNING, S.TIL_GODKENDELSE, S.RETURNERET, S.PARTSHOERING, S.AFGJORT, S.KLAGE}
TAB_RULES = {
    Tab.OVERVIEW: (set(State), {R.PRIMARY, R.SECOND, R.LEADER}),
    Tab.FORM: (set(State) - {S.OPRETTET}, {R.PRIMARY, R.SECOND, R.LEADER}),
    Tab.JUDGEMENT: (JUDGING_ON, {R.PRIMARY, R.SECOND}),
    Tab.RECONCILIATION: (JUDGING_ON - {S.VURDERING}, {R.PRIMARY, R.SECOND, R.LEADER}),
    Tab.SIGNOFF: ({S.TIL_GODKENDELSE, S.RETURNERET, S.PARTSHOERING, S.AFGJORT, S.KLAGE}, {R.LEADER}),
    Tab.HEARING: ({S.PARTSHOERING, S.AFGJORT, S.KLAGE}, {R.PRIMARY, R.SECOND, R.LEADER}),
    Tab.DECISION: ({S.PARTSHOERING, S.AFGJORT, S.KLAGE}, {R.PRIMARY, R.SECOND, R.LEADER}),
    Tab.APPEAL: ({S.AFGJORT, S.KLAGE}, {R.PRIMARY, R.SECOND, R.LEADER}),
    Tab.INTERVIEW_NOTES: (set(State), {R.PRIMARY, R.SECOND, R.LEADER}),
    Tab.HISTORY: (set(State), {R.PRIMARY, R.SECOND, R.LEADER}),
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("role", [R.PRIMARY, R.SECOND, R.LEADER])
def test_case_tabs_follow_the_pages_rules(state, role):
    expected = [tab for tab, (states, roles) in TAB_RULES.items() if state in states and role in roles]
    assert case_tabs(state, {role}) == expected


def test_a_leader_without_a_role_on_the_case_sees_the_tabs_every_leader_may_open():
    # Leaders of the socialtilsyn see every case's overview, form, notes and history, not the work of its people.
    assert case_tabs(S.AFGJORT, set()) == [Tab.OVERVIEW, Tab.FORM, Tab.INTERVIEW_NOTES, Tab.HISTORY]


def test_phase_sets_partition_as_the_docs_say():
    assert set(JUDGING_STATES) == {S.VURDERING}
    assert set(HEARING_STATES) == {S.PARTSHOERING}
    assert set(IN_PROGRESS_STATES) == set(State) - {S.AFGJORT, S.ANNULLERET}
    assert set(STAFF_ROLES) == {R.PRIMARY, R.SECOND, R.LEADER}
    assert {state: state_badge(state) for state in (S.OPRETTET, S.KLAGE, S.AFGJORT, S.ANNULLERET, S.VURDERING)} == {
        S.OPRETTET: "",
        S.KLAGE: "badge-warning",
        S.AFGJORT: "badge-success",
        S.ANNULLERET: "badge-error",
        S.VURDERING: "badge-info",
    }
