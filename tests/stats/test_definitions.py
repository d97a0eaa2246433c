"""The definitions are written once: the README's « Mesure » section is the methodology text."""

from tdu.stats import indicators
from tests.paths import README


def test_the_readme_carries_the_definitions_of_every_indicator():
    readme = README.read_text(encoding="utf-8")
    assert indicators.methodology_markdown() in readme, (
        "Copy tdu.stats.indicators.methodology_markdown() into the README's « Mesure » section"
    )


def test_every_step_of_the_funnel_has_a_record_date_or_a_rule():
    for step in indicators.FUNNEL:
        assert step.field or step.key in {"offers", "employed_6", "employed_12"}, step.key
