"""docs/workflow.md stays true to the transition table."""

from pathlib import Path

from assessments.domain.workflow import TRANSITIONS

DOC = Path(__file__).resolve().parent.parent / "docs" / "workflow.md"


def test_every_transition_is_documented_with_its_target():
    text = DOC.read_text(encoding="utf-8")
    for transition in TRANSITIONS.values():
        row = next((line for line in text.splitlines() if f"(`{transition.action.value}`)" in line), None)
        assert row is not None, transition.action
        assert f"| {transition.target.value} |" in row
