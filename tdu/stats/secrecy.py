"""Statistical secrecy for everything published (public pages, API, open data): no cell of 1 to 4 people.

A count of 1 to 4 becomes None (« secret »), and so does every rate, amount or median computed on or from a
suppressed count (a rate whose numerator, complement or base is 1 to 4). When a single count of a row of
parts is suppressed, the next smallest is too, so that the total does not give it away (secondary secrecy).
Zero is published: it names nobody.
"""

import copy

from tdu.stats.indicators import SECRECY_THRESHOLD


def small(value) -> bool:
    return value is not None and 0 < value < SECRECY_THRESHOLD


def count(value):
    return None if small(value) else value


def ratio(part, whole, value):
    """A rate is published when its part, the rest and its base are each publishable."""
    if part is None or whole is None or small(part) or small(whole) or small(whole - part):
        return None
    return value


def protect_parts(parts: dict, keys) -> dict:
    """Suppress the small parts of a whole, and one more when only one would be hidden."""
    hidden = [k for k in keys if small(parts.get(k))]
    for key in hidden:
        parts[key] = None
    if len(hidden) == 1:
        candidates = sorted((parts[k], k) for k in keys if parts.get(k) and k not in hidden)
        if candidates:
            parts[candidates[0][1]] = None
    return parts


MILESTONE_PARTS = ("lasting_same", "lasting_other", "short", "none", "left", "unknown")


def milestone(figures: dict) -> dict:
    m = dict(figures)
    due = m["due"]
    m["rate"] = ratio(m["lasting"], due, m["rate"])
    m["same_rate"] = ratio(m["lasting_same"], due, m["same_rate"])
    m["response_rate"] = ratio(m["answered"], due, m["response_rate"])
    protect_parts(m, MILESTONE_PARTS)
    for name in ("due", "lasting", "answered"):
        m[name] = count(m[name])
    return m


def funnel(steps: list[dict]) -> list[dict]:
    published = []
    for step in steps:
        step = dict(step)
        step["rate"] = ratio(step["count"], step["base"], step["rate"]) if step["base"] is not None else None
        step["count"], step["base"] = count(step["count"]), count(step["base"])
        published.append(step)
    return published


def public(figures: dict) -> dict:
    """The published version of a snapshot's figures: no personal data, no small cell."""
    f = copy.deepcopy(figures)
    result = {
        "scope": f["scope"],
        "as_of": f["as_of"],
        "funnel": funnel(f["funnel"]),
        "employment": {key: milestone(value) for key, value in f["employment"].items()},
        "cohorts": [
            {
                "cohort": row["cohort"],
                "label": row["label"],
                "completed": count(row["completed"]),
                "m6": milestone(row["m6"]),
                "m12": milestone(row["m12"]),
            }
            for row in f["cohorts"]
        ],
        "promises": {
            "count": count(f["promises"]["count"]),
            "target": f["promises"]["target"],
            "rate": None if small(f["promises"]["count"]) else f["promises"]["rate"],
        },
        "baseline": f["baseline"],
        "regions": [
            {
                "code": row["code"],
                "name": row["name"],
                "candidatures": count(row["candidatures"]),
                "promises": count(row["promises"]),
                "target": row["target"],
                "target_rate": None if small(row["promises"]) else row["target_rate"],
                "hired": count(row["hired"]),
                "m6": milestone(row["m6"]),
                "m12": milestone(row["m12"]),
                "baseline": row["baseline"],
            }
            for row in f.get("regions", [])
        ],
    }
    # The country's total would give away a single hidden region: hide the next smallest too.
    for key in ("candidatures", "promises", "hired"):
        column = {row["code"]: row[key] for row in result["regions"]}
        hidden = [code for code, value in column.items() if value is None]
        if len(hidden) == 1:
            visible = sorted((v, code) for code, v in column.items() if v)
            if visible:
                next(r for r in result["regions"] if r["code"] == visible[0][1])[key] = None
    return result
