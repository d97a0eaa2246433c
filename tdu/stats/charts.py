"""The figures as the State's chart components take them (DSFR Chart: lists written as JSON in attributes).

Each chart is drawn next to its data table, which carries the same numbers for whoever does not see the chart
or runs no JavaScript. A hidden (secret) value is drawn as a gap.
"""

import json


def _attr(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def funnel(figures) -> dict:
    steps = [s for s in figures["funnel"] if s["key"] != "offers"]
    return {
        "x": _attr([[s["label"] for s in steps]]),
        "y": _attr([[s["count"] for s in steps]]),
        "name": _attr(["Personnes"]),
    }


def cohorts(figures) -> dict:
    rows = [c for c in figures["cohorts"] if c["m6"]["due"] or c["m12"]["due"]]
    labels = [c["label"] for c in rows]
    return {
        "x": _attr([labels, labels, labels]),
        "y": _attr(
            [
                [c["m6"]["rate"] for c in rows],
                [c["m12"]["rate"] for c in rows],
                [figures["baseline"] for _ in rows],
            ]
        ),
        "name": _attr(
            ["Emploi durable à 6 mois (%)", "Emploi durable à 12 mois (%)", "Référence à battre (%)"]
        ),
        "empty": not rows,
    }


def promises(figures) -> dict:
    count, target = figures["promises"]["count"] or 0, figures["promises"]["target"]
    return {
        "value": count,
        "target": target,
        "percent": min(100, round(100 * count / target)) if target else 0,
    }
