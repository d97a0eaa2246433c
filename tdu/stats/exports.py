"""Tables as CSV: each dashboard table for the staff, and the open-data file for data.gouv.fr.

CSV files are UTF-8 with a comma and a header of snake_case names (data.gouv.fr's recommendations); decimal
numbers use a point. The open-data file is long (one row per period, territory and indicator) and every
value has gone through tdu.stats.secrecy: an empty value with `secret` in `statut` is a suppressed cell.
"""

import csv
import io

from tdu.stats import secrecy

MILESTONE_COLUMNS = (
    "due",
    "lasting",
    "lasting_same",
    "lasting_other",
    "short",
    "none",
    "left",
    "unknown",
    "rate",
    "response_rate",
)


def _csv(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _blank(value):
    return "" if value is None else value


def funnel_csv(figures) -> str:
    rows = [
        (s["key"], s["label"], _blank(s["count"]), _blank(s["base"]), _blank(s["rate"]))
        for s in figures["funnel"]
    ]
    return _csv(("etape", "libelle", "nombre", "base", "taux_pourcent"), rows)


def _milestone_values(m):
    return [_blank(m.get(name)) for name in MILESTONE_COLUMNS]


def _milestone_header(months):
    return [f"m{months}_{name}" for name in MILESTONE_COLUMNS]


def cohorts_csv(figures) -> str:
    header = ["cohorte", "libelle", "fins_de_formation", "formations_terminees", "certifiees", "embauchees"]
    header += _milestone_header(6) + _milestone_header(12)
    rows = [
        [c["cohort"], c["label"], c["ended"], c["completed"], c["certified"], c["hired"]]
        + _milestone_values(c["m6"])
        + _milestone_values(c["m12"])
        for c in figures["cohorts"]
    ]
    return _csv(header, rows)


def exits_csv(figures) -> str:
    rows = [(e["exit"], e["label"], e["reason"], e["reason_label"], e["count"]) for e in figures["exits"]]
    return _csv(("sortie", "libelle", "motif", "libelle_motif", "nombre"), rows)


OUTCOME_COLUMNS = (
    "places", "used", "fill_rate", "immersions", "promises", "enrolled", "completed", "certified", "hired", "lasting_6",
    "due_6", "rate_6", "lasting_12", "due_12", "rate_12",
)  # fmt: skip


def sessions_csv(rows) -> str:
    header = ("session", "formation", "organisme", "commune", "debut", "fin", *OUTCOME_COLUMNS)
    return _csv(
        header,
        [
            [r["id"], r["title"], r["organisation"], r["commune"], r["start"], r["end"]]
            + [_blank(r[c]) for c in OUTCOME_COLUMNS]
            for r in rows
        ],
    )


def organisations_csv(rows) -> str:
    header = ("organisme_id", "organisme", "sessions", *OUTCOME_COLUMNS)
    return _csv(
        header, [[r["id"], r["name"], r["sessions"]] + [_blank(r[c]) for c in OUTCOME_COLUMNS] for r in rows]
    )


def situations_csv(figures) -> str:
    from tdu.stats.models import Employment

    rows = [
        (value, label, figures["employment"]["m6"][value], figures["employment"]["m12"][value])
        for value, label in Employment.choices
    ]
    return _csv(("situation", "libelle", "a_6_mois", "a_12_mois"), rows)


def places_csv(figures) -> str:
    places, cost = figures["places"], figures["cost"]
    rows = [
        ("sessions_financees", places["sessions"]),
        ("places_offertes", places["offered"]),
        ("places_occupees", places["used"]),
        ("places_occupees_trait_d_union", places["tdu"]),
        ("entrees_en_formation", cost["entered"]),
        ("places_au_prix_connu", cost["priced"]),
        ("cout_des_places_euros", cost["total"]),
        ("emploi_durable_6_mois", cost["lasting_6"]),
        ("cout_par_embauche_durable_euros", _blank(cost["per_lasting_hire"])),
    ]
    return _csv(("indicateur", "valeur"), rows)


def durations_csv(figures) -> str:
    rows = [(name, _blank(d["median"]), d["count"]) for name, d in figures["durations"].items()]
    return _csv(("delai", "mediane_jours", "parcours"), rows)


TABLES = {
    "entonnoir": ("Entonnoir", lambda f: funnel_csv(f)),
    "cohortes": ("Cohortes", lambda f: cohorts_csv(f)),
    "sorties": ("Sorties", lambda f: exits_csv(f)),
    "situations": ("Situations à 6 et 12 mois", lambda f: situations_csv(f)),
    "places": ("Places et coût", lambda f: places_csv(f)),
    "delais": ("Délais médians", lambda f: durations_csv(f)),
    "sessions": ("Sessions", lambda f: sessions_csv(f.get("sessions", []))),
    "organismes": ("Organismes", lambda f: organisations_csv(f.get("organisations", []))),
}


def open_data_csv(entries) -> str:
    """`entries`: [(territory code, territory name, published figures)] — one file for data.gouv.fr."""
    rows = []
    for code, name, figures in entries:
        as_of = figures["as_of"]

        def add(period, indicator, value, unit, where=(as_of, code, name)):
            status = "secret" if value is None else ""
            rows.append((*where, period, indicator, _blank(value), unit, status))

        for step in figures["funnel"]:
            add(
                "total",
                f"entonnoir_{step['key']}",
                step["count"],
                "personnes" if step["key"] != "offers" else "offres",
            )
        for key, m in figures["employment"].items():
            months = key.removeprefix("m")
            add("total", f"emploi_durable_{months}_mois_taux", m["rate"], "pourcent")
            add("total", f"emploi_durable_{months}_mois_reponses_taux", m["response_rate"], "pourcent")
            add("total", f"emploi_durable_{months}_mois_personnes", m["due"], "personnes")
        for cohort in figures["cohorts"]:
            for key in ("m6", "m12"):
                months = key.removeprefix("m")
                add(cohort["label"], f"emploi_durable_{months}_mois_taux", cohort[key]["rate"], "pourcent")
                add(
                    cohort["label"],
                    f"emploi_durable_{months}_mois_personnes",
                    cohort[key]["due"],
                    "personnes",
                )
        add("total", "promesses_embauche", figures["promises"]["count"], "personnes")
        add("total", "promesses_embauche_objectif", figures["promises"]["target"], "personnes")
        add("total", "reference_emploi_apres_formation", figures["baseline"], "pourcent")
    header = (
        "date_donnees",
        "territoire_code",
        "territoire",
        "periode",
        "indicateur",
        "valeur",
        "unite",
        "statut",
    )
    return _csv(header, rows)


def published(figures) -> dict:
    return secrecy.public(figures)
