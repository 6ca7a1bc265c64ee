"""The case workflow, written down once.

Every state change of a case is one row of TRANSITIONS: the action, the states it may start from,
the state it leads to, and which case roles may perform it. Services look actions up here; nothing
else in the code compares states to decide what may happen.
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    OPRETTET = "oprettet"
    OPLYSNINGER_ANMODET = "oplysninger_anmodet"
    OPLYSNINGER_MODTAGET = "oplysninger_modtaget"
    SUPPLERING = "supplering"
    VURDERING = "vurdering"
    AFSTEMNING = "afstemning"
    TIL_GODKENDELSE = "til_godkendelse"
    RETURNERET = "returneret"
    PARTSHOERING = "partshoering"
    AFGJORT = "afgjort"
    KLAGE = "klage"
    ANNULLERET = "annulleret"


STATE_LABELS = {
    State.OPRETTET: "Oprettet",
    State.OPLYSNINGER_ANMODET: "Oplysninger anmodet",
    State.OPLYSNINGER_MODTAGET: "Oplysninger modtaget",
    State.SUPPLERING: "Supplering anmodet",
    State.VURDERING: "Vurdering",
    State.AFSTEMNING: "Afstemning",
    State.TIL_GODKENDELSE: "Til godkendelse",
    State.RETURNERET: "Returneret af leder",
    State.PARTSHOERING: "Partshøring",
    State.AFGJORT: "Afgjort",
    State.KLAGE: "Klage under behandling",
    State.ANNULLERET: "Annulleret",
}


class CaseRole(StrEnum):
    """The part a user plays in one case (not their account role)."""

    PRIMARY = "primary"  # primær konsulent
    SECOND = "second"  # anden konsulent
    LEADER = "leader"  # leder, der godkender
    SUPPLIER = "supplier"  # bruger hos leverandøren
    SYSTEM = "system"  # the application itself, e.g. when both judgements are in


class Action(StrEnum):
    REQUEST_INFORMATION = "request_information"
    SUBMIT_INFORMATION = "submit_information"
    REQUEST_SUPPLEMENT = "request_supplement"
    ACCEPT_INFORMATION = "accept_information"
    COMPLETE_JUDGEMENTS = "complete_judgements"
    SUBMIT_FOR_SIGNOFF = "submit_for_signoff"
    RETURN_TO_CONSULTANTS = "return_to_consultants"
    RESUME_RECONCILIATION = "resume_reconciliation"
    APPROVE = "approve"
    REVISE_AFTER_HEARING = "revise_after_hearing"
    DECIDE = "decide"
    APPEAL = "appeal"
    RECONSIDER = "reconsider"
    UPHOLD = "uphold"
    CANCEL = "cancel"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State
    roles: frozenset[CaseRole]
    label: str


def _t(
    action: Action, sources: set[State] | frozenset[State], target: State, roles: set[CaseRole], label: str
) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), label)


CONSULTANTS = {CaseRole.PRIMARY, CaseRole.SECOND}
# The socialtilsyn's people on a case: its two consultants and the leader who signs off.
STAFF_ROLES = frozenset(CONSULTANTS | {CaseRole.LEADER})

# The phases of a case, by state. Views, selectors and templates ask these sets (or available_actions);
# nothing compares a case's state to a single value to decide what to show or allow.
# "Open" is the one definition of a case that still holds its subject (see the partial unique index).
OPEN_STATES = frozenset(set(State) - {State.AFGJORT, State.ANNULLERET, State.KLAGE})
# The supplier is filling in, or supplementing, the information form.
SUPPLIER_FILLING_STATES = frozenset({State.OPLYSNINGER_ANMODET, State.SUPPLERING})
# The consultants' judgements exist (from the start of the assessment onwards, unless cancelled).
JUDGING_STARTED_STATES = frozenset(
    {
        State.VURDERING,
        State.AFSTEMNING,
        State.TIL_GODKENDELSE,
        State.RETURNERET,
        State.PARTSHOERING,
        State.AFGJORT,
        State.KLAGE,
    }
)
# Reconciliation has begun: both independent judgements are in.
RECONCILING_STARTED_STATES = JUDGING_STARTED_STATES - {State.VURDERING}
# A result has been sent to the leader at least once.
SIGNOFF_STARTED_STATES = RECONCILING_STARTED_STATES - {State.AFSTEMNING}
# A draft decision exists: the hearing, the decision and an appeal.
HEARING_STARTED_STATES = frozenset({State.PARTSHOERING, State.AFGJORT, State.KLAGE})
# The case has a decision in force (an appeal does not suspend it).
DECIDED_STATES = frozenset({State.AFGJORT, State.KLAGE})
# The consultants are judging (neither has a result to reconcile yet).
JUDGING_STATES = JUDGING_STARTED_STATES - RECONCILING_STARTED_STATES
# The supplier's hearing is running (the draft is out, no decision yet).
HEARING_STATES = HEARING_STARTED_STATES - DECIDED_STATES
# Someone still works on the case: every open state, and an appeal of its decision ("Mine sager").
IN_PROGRESS_STATES = OPEN_STATES | {State.KLAGE}
# The supplier may read a draft or a decision of the case (their dashboard's "hearings and decisions").
SUPPLIER_RESULT_STATES = HEARING_STARTED_STATES

# The colour of a state's badge (DKFDS badge classes); states not named are plain information.
STATE_BADGES: dict[State, str] = {
    State.OPRETTET: "",
    State.OPLYSNINGER_ANMODET: "badge-warning",
    State.SUPPLERING: "badge-warning",
    State.RETURNERET: "badge-warning",
    State.KLAGE: "badge-warning",
    State.AFGJORT: "badge-success",
    State.ANNULLERET: "badge-error",
}


def state_badge(state: State | str) -> str:
    """The DKFDS badge class for a state."""
    return STATE_BADGES.get(State(state), "badge-info")


class Tab(StrEnum):
    """The pages of a case's own navigation (staff only), in the order shown; values are URL names."""

    OVERVIEW = "case_detail"
    FORM = "form_review"
    JUDGEMENT = "judgement"
    RECONCILIATION = "reconciliation"
    SIGNOFF = "signoff"
    HEARING = "hearing"
    DECISION = "decision_make"
    APPEAL = "appeal"
    INTERVIEW_NOTES = "interview_notes"
    HISTORY = "case_history"


# The pages (URL names) under each tab, to mark the tab the user is on.
TAB_PAGES: dict[Tab, frozenset[str]] = {
    Tab.FORM: frozenset({"form_review", "form_supplement", "answer_history"}),
    Tab.JUDGEMENT: frozenset({"judgement", "judgement_parameter"}),
    Tab.RECONCILIATION: frozenset({"reconciliation", "reconciliation_parameter"}),
}


def tab_pages(tab: Tab) -> frozenset[str]:
    """The URL names of the pages that belong to a tab (its own page, and the pages under it)."""
    return TAB_PAGES.get(tab, frozenset({tab.value}))


def case_tabs(state: State, roles: set[CaseRole]) -> list[Tab]:
    """The tabs of a case's navigation this user may open in this state (the views answer 404 to the rest)."""
    consultant = bool(roles & CONSULTANTS)
    staff = bool(roles & STAFF_ROLES)
    shown = {
        Tab.OVERVIEW: True,
        Tab.FORM: state != State.OPRETTET,
        Tab.JUDGEMENT: state in JUDGING_STARTED_STATES and consultant,
        Tab.RECONCILIATION: state in RECONCILING_STARTED_STATES and staff,
        Tab.SIGNOFF: state in SIGNOFF_STARTED_STATES and CaseRole.LEADER in roles,
        Tab.HEARING: state in HEARING_STARTED_STATES and staff,
        Tab.DECISION: state in HEARING_STARTED_STATES and staff,
        Tab.APPEAL: state in DECIDED_STATES and staff,
        Tab.INTERVIEW_NOTES: True,
        Tab.HISTORY: True,
    }
    return [tab for tab in Tab if shown[tab]]


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        _t(
            Action.REQUEST_INFORMATION,
            {State.OPRETTET},
            State.OPLYSNINGER_ANMODET,
            {CaseRole.PRIMARY},
            "Anmod om oplysninger",
        ),
        _t(
            Action.SUBMIT_INFORMATION,
            {State.OPLYSNINGER_ANMODET, State.SUPPLERING},
            State.OPLYSNINGER_MODTAGET,
            {CaseRole.SUPPLIER},
            "Indsend oplysningsskema",
        ),
        _t(Action.REQUEST_SUPPLEMENT, {State.OPLYSNINGER_MODTAGET}, State.SUPPLERING, CONSULTANTS, "Bed om supplering"),
        _t(
            Action.ACCEPT_INFORMATION,
            {State.OPLYSNINGER_MODTAGET},
            State.VURDERING,
            CONSULTANTS,
            "Godkend oplysninger og start vurdering",
        ),
        _t(
            Action.COMPLETE_JUDGEMENTS,
            {State.VURDERING},
            State.AFSTEMNING,
            {CaseRole.SYSTEM},
            "Begge vurderinger er afgivet",
        ),
        _t(Action.SUBMIT_FOR_SIGNOFF, {State.AFSTEMNING}, State.TIL_GODKENDELSE, CONSULTANTS, "Send til godkendelse"),
        _t(
            Action.RETURN_TO_CONSULTANTS,
            {State.TIL_GODKENDELSE},
            State.RETURNERET,
            {CaseRole.LEADER},
            "Returnér til konsulenterne",
        ),
        _t(Action.RESUME_RECONCILIATION, {State.RETURNERET}, State.AFSTEMNING, CONSULTANTS, "Genoptag afstemningen"),
        _t(
            Action.APPROVE,
            {State.TIL_GODKENDELSE},
            State.PARTSHOERING,
            {CaseRole.LEADER},
            "Godkend og send i partshøring",
        ),
        _t(
            Action.REVISE_AFTER_HEARING,
            {State.PARTSHOERING},
            State.AFSTEMNING,
            CONSULTANTS,
            "Revidér efter partshøring",
        ),
        _t(Action.DECIDE, {State.PARTSHOERING}, State.AFGJORT, CONSULTANTS, "Træf afgørelse"),
        _t(Action.APPEAL, {State.AFGJORT}, State.KLAGE, {CaseRole.SUPPLIER}, "Klag over afgørelsen"),
        _t(Action.RECONSIDER, {State.KLAGE}, State.AFSTEMNING, CONSULTANTS, "Genvurdér (ændr afgørelsen)"),
        _t(
            Action.UPHOLD,
            {State.KLAGE},
            State.AFGJORT,
            CONSULTANTS | {CaseRole.LEADER},
            "Fasthold og send klagen videre",
        ),
        _t(Action.CANCEL, OPEN_STATES, State.ANNULLERET, {CaseRole.PRIMARY, CaseRole.LEADER}, "Annullér sagen"),
    ]
}


class TransitionNotAllowed(Exception):
    """Raised with a Danish message when an action does not fit the state or the actor."""


def check_transition(action: Action, state: State, roles: set[CaseRole]) -> State:
    """Return the target state of action from state for an actor with the given case roles, or raise."""
    transition = TRANSITIONS[action]
    if state not in transition.sources:
        raise TransitionNotAllowed(f"«{transition.label}» er ikke muligt, når sagen er i «{STATE_LABELS[state]}».")
    if not roles & transition.roles:
        raise TransitionNotAllowed(f"Du har ikke en rolle på sagen, der må «{transition.label.lower()}».")
    return transition.target


def available_actions(state: State, roles: set[CaseRole]) -> list[Transition]:
    """The actions an actor may take now, in the order of the table (for buttons and task lists)."""
    return [t for t in TRANSITIONS.values() if state in t.sources and roles & t.roles]
