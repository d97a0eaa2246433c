"""The workflow table is covered: every transition has its own test file, and its labels and emails."""

from pathlib import Path

from tdu.candidatures.workflow import TRANSITIONS

TRANSITION_TESTS = Path(__file__).parent / "transitions"


def test_every_transition_of_the_table_has_its_own_test_file():
    missing = [t.name for t in TRANSITIONS if not (TRANSITION_TESTS / f"test_it_{t.name}.py").exists()]
    assert missing == [], f"Write tests/candidatures/transitions/test_it_<name>.py for: {', '.join(missing)}"


def test_every_transition_a_person_performs_has_a_french_button():
    for transition in TRANSITIONS:
        assert transition.button and transition.button[0].isupper(), transition.name
