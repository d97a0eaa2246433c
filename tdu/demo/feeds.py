"""Synthetic third-party feeds, valid against their formats: a LHEO 2.3 training offer and a France Travail
"Offres d'emploi v2" search response. Used by the tests (exact cases), the benchmark (100 000 records, written
as a stream) and anyone who wants to try an import without a Carif-Oref account."""

import datetime
import json
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

LHEO_NS = "http://lheo.gouv.fr/2.3"


@dataclass
class LheoSession:
    """One session of a feed, with what a test usually wants to vary; everything else is plausible."""

    number: str
    formation: str = "F1"
    action: str = ""
    title: str = "Titre professionnel soudeur assembleur industriel"
    rome_codes: tuple = ("H2913",)
    formacodes: tuple = ("22454",)
    rncp: str = "35474"
    certif_info: str = "104312"
    entry_level: str = "1"
    exit_level: str = "4"
    siret: str = "73282932000074"
    organisation: str = "GRETA Lorraine Nord"
    insee: str | None = "57463"
    postcode: str = "57000"
    city: str = "Metz"
    latitude: float | None = 49.1193
    longitude: float | None = 6.1757
    start: str = ""  # YYYYMMDD; default: in 60 days
    end: str = ""  # default: 180 days after the start
    registration_end: str = ""
    recruitment: str = "1"
    permanent_entry: bool = False
    fundings: dict = field(default_factory=lambda: {"2": 12})
    price_total: str = ""


def _date(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).strftime("%Y%m%d")


def _address(s: LheoSession):
    parts = [
        "<adresse>",
        "<ligne>1 rue de l'Industrie</ligne>",
        f"<codepostal>{escape(s.postcode)}</codepostal>",
    ]
    parts.append(f"<ville>{escape(s.city)}</ville>")
    if s.insee:
        parts.append(f"<code-INSEE-commune>{escape(s.insee)}</code-INSEE-commune>")
    if s.latitude is not None and s.longitude is not None:
        parts.append(
            f"<geolocalisation><latitude>{s.latitude}</latitude><longitude>{s.longitude}</longitude></geolocalisation>"
        )
    parts.append("</adresse>")
    return "".join(parts)


def _session(s: LheoSession):
    start = s.start or _date(60)
    end = s.end or (
        (datetime.datetime.strptime(start, "%Y%m%d") + datetime.timedelta(days=180)).strftime("%Y%m%d")
        if start != "00000000"
        else _date(240)
    )
    registration = (
        f"<periode-inscription><periode><debut>00000000</debut><fin>{s.registration_end}</fin></periode>"
        "</periode-inscription>"
        if s.registration_end
        else ""
    )
    return (
        f'<session numero="{escape(s.number)}"><periode><debut>{start}</debut><fin>{end}</fin></periode>'
        f"<adresse-inscription>{_address(s)}</adresse-inscription>{registration}"
        f"<etat-recrutement>{s.recruitment}</etat-recrutement></session>"
    )


def _action(s: LheoSession, sessions):
    fundings = "".join(
        f"<organisme-financeur><code-financeur>{code}</code-financeur>"
        + (f"<nb-places-financees>{places}</nb-places-financees>" if places is not None else "")
        + "</organisme-financeur>"
        for code, places in s.fundings.items()
    )
    price = f"<prix-total-TTC>{s.price_total}</prix-total-TTC>" if s.price_total else ""
    return (
        f'<action numero="{escape(s.action or "A" + s.number)}"><rythme-formation>Temps plein</rythme-formation>'
        '<code-public-vise ref="V12">83056</code-public-vise><niveau-entree-obligatoire>0</niveau-entree-obligatoire>'
        "<modalites-alternance>Stage en entreprise de 4 semaines</modalites-alternance>"
        "<modalites-enseignement>0</modalites-enseignement><conditions-specifiques>Aucune</conditions-specifiques>"
        "<prise-en-charge-frais-possible>1</prise-en-charge-frais-possible>"
        f"<lieu-de-formation><coordonnees><nom>{escape(s.organisation)}</nom>{_address(s)}</coordonnees></lieu-de-formation>"
        f"<modalites-entrees-sorties>{1 if s.permanent_entry else 0}</modalites-entrees-sorties>"
        f"{''.join(_session(x) for x in sessions)}{price}"
        f"<organisme-formateur><SIRET-formateur><SIRET>{escape(s.siret)}</SIRET></SIRET-formateur>"
        f"<raison-sociale-formateur>{escape(s.organisation)}</raison-sociale-formateur></organisme-formateur>"
        f"{fundings}</action>"
    )


def _formation(s: LheoSession, actions):
    romes = "".join(f"<code-ROME>{escape(code)}</code-ROME>" for code in s.rome_codes)
    formacodes = "".join(f'<code-FORMACODE ref="V12">{code}</code-FORMACODE>' for code in s.formacodes)
    certification = (
        f"<certification><code-RNCP>{s.rncp}</code-RNCP><code-CERTIFINFO>{s.certif_info}</code-CERTIFINFO>"
        "</certification>"
        if s.rncp
        else ""
    )
    return (
        f'<formation numero="{escape(s.formation)}"><domaine-formation>{formacodes}{romes}</domaine-formation>'
        f"<intitule-formation>{escape(s.title)}</intitule-formation>"
        "<objectif-formation>Préparer au métier et à sa certification.</objectif-formation>"
        "<resultats-attendus>Titre professionnel</resultats-attendus>"
        "<contenu-formation>Cours en centre et stage en entreprise.</contenu-formation><certifiante>1</certifiante>"
        "<contact-formation><coordonnees><nom>Accueil</nom></coordonnees></contact-formation>"
        f"<parcours-de-formation>1</parcours-de-formation><code-niveau-entree>{s.entry_level}</code-niveau-entree>"
        f"{certification}<code-niveau-sortie>{s.exit_level}</code-niveau-sortie>{''.join(actions)}"
        f"<organisme-formation-responsable><numero-activite>41570000057</numero-activite>"
        f"<SIRET-organisme-formation><SIRET>{escape(s.siret)}</SIRET></SIRET-organisme-formation>"
        f"<nom-organisme>{escape(s.organisation)}</nom-organisme><raison-sociale>{escape(s.organisation)}</raison-sociale>"
        f"<coordonnees-organisme><coordonnees>{_address(s)}</coordonnees></coordonnees-organisme>"
        "<contact-organisme><coordonnees><nom>Accueil</nom></coordonnees></contact-organisme>"
        "</organisme-formation-responsable></formation>"
    )


def lheo_chunks(sessions, *, namespace=LHEO_NS):
    """The feed as text chunks, one formation at a time (sessions grouped by formation, then by action)."""
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    yield f'<lheo xmlns="{namespace}">\n<offres>\n' if namespace else "<lheo>\n<offres>\n"
    formation, actions, action_sessions, previous = None, [], [], None
    for session in sessions:
        if previous is not None and (session.formation, session.action or "A" + session.number) != (
            previous.formation,
            previous.action or "A" + previous.number,
        ):
            actions.append(_action(action_sessions[0], action_sessions))
            action_sessions = []
        if formation is not None and session.formation != formation.formation:
            yield _formation(formation, actions) + "\n"
            actions = []
        if formation is None or session.formation != formation.formation:
            formation = session
        action_sessions.append(session)
        previous = session
    if action_sessions:
        actions.append(_action(action_sessions[0], action_sessions))
    if formation is not None:
        yield _formation(formation, actions) + "\n"
    yield "</offres>\n</lheo>\n"


def lheo_feed(sessions, **kwargs) -> bytes:
    return "".join(lheo_chunks(list(sessions), **kwargs)).encode()


# --- France Travail --------------------------------------------------------------------------------------


def france_travail_offer(
    number,
    *,
    title="Soudeur / Soudeuse TIG (H/F)",
    rome="H2913",
    commune="57463",
    postcode="57000",
    place_label="57 - METZ",
    latitude=49.1193,
    longitude=6.1757,
    contract="CDI",
    contract_label="Contrat à durée indéterminée",
    nature="Contrat travail",
    company="Ateliers de la Moselle",
    email="recrutement@ateliers-moselle.example.org",
    created="2026-11-20T08:15:42Z",
):
    """One offer in the shape of the API's `resultats` items."""
    place = {"libelle": place_label}
    if commune:
        place.update(commune=commune, codePostal=postcode, latitude=latitude, longitude=longitude)
    offer = {
        "id": str(number),
        "intitule": title,
        "description": "Soudure TIG de pièces inox. Débutant accepté, formation assurée.",
        "dateCreation": created,
        "dateActualisation": created,
        "lieuTravail": place,
        "romeCode": rome,
        "romeLibelle": "Soudeur / Soudeuse",
        "appellationlibelle": "Soudeur / Soudeuse TIG",
        "entreprise": {"nom": company, "entrepriseAdaptee": False},
        "typeContrat": contract,
        "typeContratLibelle": contract_label,
        "natureContrat": nature,
        "experienceExige": "D",
        "experienceLibelle": "Débutant accepté",
        "salaire": {"libelle": "Mensuel de 1900.00 Euros sur 12 mois"},
        "dureeTravailLibelle": "35H Horaires normaux",
        "codeNAF": "25.62B",
        "nombrePostes": 1,
        "origineOffre": {
            "origine": "1",
            "urlOrigine": f"https://candidat.francetravail.fr/offres/recherche/detail/{number}",
        },
    }
    if email:
        offer["contact"] = {"nom": "Service recrutement", "courriel": email}
    return offer


def france_travail_response(offers) -> bytes:
    return json.dumps({"resultats": list(offers)}, ensure_ascii=False).encode()
