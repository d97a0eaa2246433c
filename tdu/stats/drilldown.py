"""From a figure to the candidatures behind it: the record filter of each step, exit and situation."""

from django.db.models import Q

from tdu.stats import indicators
from tdu.stats.figures import EXIT_LABELS, reason_label
from tdu.stats.models import LASTING, Employment


class UnknownFigure(ValueError):
    """The drill-down names no figure of the dashboard."""


def step_filter(key: str, today) -> tuple[Q, str]:
    """(filter on the period's records, French title) of a funnel step."""
    step = indicators.STEPS.get(key)
    if step is None or key == "offers":
        raise UnknownFigure(key)
    if key == "candidatures":
        return Q(), "Toutes les candidatures"
    if key in {"met", "hired"}:
        return Q(**{f"{step.field}__lte": today}), step.label
    if key.startswith("employed_"):
        months = key.split("_")[1]
        return Q(**{f"due_{months}__lte": today, f"employment_{months}__in": LASTING}), step.label
    return Q(**{f"{step.field}__isnull": False}), step.label


def situation_filter(months: str, situation: str, today) -> tuple[Q, str]:
    """People at a milestone in one situation (« unknown »: no answer)."""
    if months not in {"6", "12"} or situation not in Employment.values:
        raise UnknownFigure(f"{months}/{situation}")
    label = f"{Employment(situation).label} à {months} mois"
    return Q(**{f"due_{months}__lte": today, f"employment_{months}": situation}), label


def exit_filter(exit_state: str, reason: str) -> tuple[Q, str]:
    if exit_state not in EXIT_LABELS:
        raise UnknownFigure(exit_state)
    label = EXIT_LABELS[exit_state]
    condition = Q(exit=exit_state)
    if reason:
        condition &= Q(exit_reason=reason)
        label = f"{label} — {reason_label(exit_state, reason)}"
    return condition, label


def parse(params: dict, today) -> tuple[Q, str, str]:
    """(filter, title, base) from the query string: etape=…, or suivi=6&situation=…, or sortie=…&motif=….

    `base` says which records the filter applies to: the period's (« period ») or the cohorts' (« cohort »).
    """
    if params.get("etape"):
        condition, title = step_filter(params["etape"], today)
        return condition, title, "period"
    if params.get("suivi"):
        condition, title = situation_filter(params["suivi"], params.get("situation", ""), today)
        return condition, title, "cohort"
    if params.get("sortie"):
        condition, title = exit_filter(params["sortie"], params.get("motif", ""))
        return condition, title, "period"
    raise UnknownFigure("")
