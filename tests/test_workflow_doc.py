"""docs/workflow.md stays true to the transition table: every column of every row, and the list of states."""

import re
from pathlib import Path

from assessments.domain.workflow import OPEN_STATES, STATE_LABELS, TRANSITIONS, CaseRole, State

DOC = Path(__file__).resolve().parent.parent / "docs" / "workflow.md"

# The words of the "who" column, one per case role.
ROLE_WORDS = {
    "primær konsulent": CaseRole.PRIMARY,
    "anden konsulent": CaseRole.SECOND,
    "leder": CaseRole.LEADER,
    "leverandør": CaseRole.SUPPLIER,
    "systemet": CaseRole.SYSTEM,
}
ANY_OPEN_STATE = "any open state"


def _table_rows(text: str) -> list[list[str]]:
    """The cells of the transition table's body rows (the table headed `| action | from | to | who |`)."""
    lines = text.splitlines()
    start = next(
        i for i, line in enumerate(lines) if re.fullmatch(r"\|\s*action\s*\|\s*from\s*\|\s*to\s*\|\s*who\s*\|", line)
    )
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _documented() -> dict[str, dict[str, object]]:
    documented: dict[str, dict[str, object]] = {}
    for cells in _table_rows(DOC.read_text(encoding="utf-8")):
        assert len(cells) == 4, cells
        action_cell, sources, target, who = cells
        match = re.fullmatch(r"(.+) \(`(\w+)`\)", action_cell)
        assert match, f"action cell not 'Label (`action`)': {action_cell!r}"
        label, action = match.groups()
        assert action not in documented, f"{action} is documented twice"
        documented[action] = {
            "label": label,
            "sources": OPEN_STATES if sources == ANY_OPEN_STATE else {State(s.strip()) for s in sources.split(",")},
            "target": State(target),
            "roles": {ROLE_WORDS[word.strip()] for word in who.split(",")},
        }
    return documented


def test_the_table_documents_exactly_the_transitions():
    assert set(_documented()) == {action.value for action in TRANSITIONS}


def test_every_column_of_every_row_matches_the_transition():
    documented = _documented()
    for action, transition in TRANSITIONS.items():
        row = documented[action.value]
        assert row["label"] == transition.label, action
        assert row["sources"] == set(transition.sources), action
        assert row["target"] == transition.target, action
        assert row["roles"] == set(transition.roles), action


def test_the_list_of_states_names_every_state_with_its_label():
    text = DOC.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("States: "))
    listed = dict(re.findall(r"`(\w+)` \(([^)]+)\)", line))
    assert listed == {state.value: label for state, label in STATE_LABELS.items()}
