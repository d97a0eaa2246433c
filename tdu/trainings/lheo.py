"""Read a LHEO 2.2 or 2.3 feed (the Carif-Oref standard): validate it against the XSD, then yield one plain
record per session, streamed (iterparse): memory does not grow with the size of the feed.

LHEO nests offres → formation → action → session. The training (title, certifications, ROME codes, Formacodes,
levels) is the formation; the place, the training organisation, the funders and the prices belong to the action;
the dates and the recruitment state to the session. Identifiers are the `numero` attributes of each level.
"""

import datetime
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from lxml import etree

NS_23 = "http://lheo.gouv.fr/2.3"
# Namespaces met in real feeds (every sample here is in 2.2); a feed without namespace is read as 2.3.
KNOWN_NAMESPACES = {
    None,
    "",
    NS_23,
    "http://www.lheo.org/2.2",
    "http://www.lheo.org/2.3",
    "http://www.lheo.org/2.0",
}
REGIONAL_COUNCIL = "2"  # code-financeur: Collectivité territoriale - Conseil régional
RECRUITMENT_STATES = {"1": "open", "2": "closed", "3": "suspended"}
# code-niveau-entree / -sortie → national levels (3 = CAP, 4 = Bac, 5 = Bac+2, 6 = Bac+3/4, 7 = Bac+5 and more).
LEVELS = {"4": 3, "5": 4, "6": 5, "7": 6, "8": 7, "13": 3, "14": 4, "15": 5, "16": 6, "17": 7, "18": 7}
UNKNOWN_DATE = "00000000"


class LheoError(Exception):
    """The feed cannot be read at all (not XML, not LHEO, no schema); the message is in French."""


@dataclass
class Place:
    insee: str = ""
    postcode: str = ""
    city: str = ""
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""


@dataclass
class SessionRecord:
    line: int
    formation_rank: int
    formation_id: str
    action_id: str
    session_id: str
    title: str
    description: str = ""
    certification_code: str = ""  # « RNCP320 » or « RS5630 »
    certif_info_code: str = ""
    rome_codes: list[str] = field(default_factory=list)
    formacodes: list[str] = field(default_factory=list)
    entry_level: int = 0
    exit_level: int = 3
    organisation_siret: str = ""
    organisation_name: str = ""
    place: Place = field(default_factory=Place)
    start: datetime.date | None = None
    end: datetime.date | None = None
    registration_start: datetime.date | None = None
    registration_end: datetime.date | None = None
    recruitment_state: str = "open"
    permanent_entry: bool = False
    fundings: dict[str, int | None] = field(default_factory=dict)  # funder code → places
    price_total: Decimal | None = None
    price_hourly: Decimal | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, French message)

    @property
    def key(self):
        return f"session {self.session_id}" if self.session_id else f"ligne {self.line}"

    @property
    def regional_places(self) -> int:
        return self.fundings.get(REGIONAL_COUNCIL) or 0


def schema_path():
    return getattr(settings, "LHEO_XSD", "") or os.environ.get("LHEO_XSD", "")


_schemas: dict[str | None, etree.XMLSchema] = {}


def schema(namespace=NS_23):
    """The LHEO 2.3 XML schema (self-contained: validates offline), for the feed's namespace.

    A 2.2 feed is validated against the 2.3 schema moved to its namespace (2.3 accepts what 2.2 writes), so that
    no element of the feed is renamed; a feed without namespace has its elements moved to 2.3 instead.
    """
    if namespace not in _schemas:
        path = schema_path()
        if not path or not os.path.exists(path):
            raise LheoError(
                f"Schéma LHEO introuvable ({path or 'LHEO_XSD non défini'}) : indiquez dans LHEO_XSD le chemin "
                "du fichier lheo-2.3.xsd publié par le Carif-Oref."
            )
        with open(path, "rb") as file:
            text = file.read()
        if namespace and namespace != NS_23:
            text = text.replace(NS_23.encode(), namespace.encode())
        _schemas[namespace] = etree.XMLSchema(etree.fromstring(text, _parser()))
    return _schemas[namespace]


def _parser():
    # No entity expansion, no network: a feed never makes the server fetch anything.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _local(tag):
    # `{namespace}name` → `name`: a string operation, far cheaper than QName over millions of elements.
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _normalise(element):
    """Move an element without namespace and its children into the 2.3 namespace (line numbers are kept)."""
    for node in element.iter():
        if isinstance(node.tag, str) and not node.tag.startswith("{"):
            node.tag = f"{{{NS_23}}}{node.tag}"
    etree.cleanup_namespaces(element, top_nsmap={None: NS_23})


def feed_namespace(path):
    """The namespace of the feed's root <lheo>, or LheoError if the file is not a LHEO feed."""
    try:
        with open(path, "rb") as file:
            for _, element in etree.iterparse(
                file, events=("start",), resolve_entities=False, no_network=True
            ):
                namespace = etree.QName(element).namespace
                name = _local(element.tag)
                if name != "lheo" or namespace not in KNOWN_NAMESPACES:
                    raise LheoError(
                        f"Ce fichier n'est pas un flux LHEO : il commence par <{name}> "
                        f"({namespace or 'sans espace de noms'}) au lieu de <lheo>."
                    )
                return namespace
    except etree.XMLSyntaxError as error:
        raise LheoError(
            f"ligne {error.lineno} : le fichier n'est pas du XML bien formé ({error.msg})."
        ) from None
    raise LheoError("Le fichier est vide.")


def _iter_formations(path):
    """Each <offres>/<formation>, clearing what was read behind it: memory stays flat."""
    feed_namespace(path)
    try:
        with open(path, "rb") as file:
            context = etree.iterparse(
                file,
                events=("end",),
                tag="{*}formation",
                resolve_entities=False,
                no_network=True,
                huge_tree=False,
            )
            for _, element in context:
                parent = element.getparent()
                if parent is None or _local(parent.tag) != "offres":
                    continue
                yield element
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        raise LheoError(
            f"ligne {error.lineno} : le fichier n'est pas du XML bien formé ({error.msg})."
        ) from None


def _schema_errors(xsd, formation, namespace):
    if not namespace:
        _normalise(formation)  # in place: the schema's messages keep the feed's line numbers
    if xsd.validate(formation):
        return []
    return [(error.line, _french(error.message)) for error in xsd.error_log]


def validate(path) -> dict[int, tuple[str, list[tuple[int, str]]]]:
    """Every schema error, by formation: {rank (from 0): (its numero, [(line, French message)])}.

    Raises LheoError when the file is not a LHEO feed at all, or has no formation.
    """
    errors = {}
    rank = -1
    for rank, number, problems, _ in checked_formations(path, map_sessions=False):
        if problems:
            errors[rank] = (number, problems)
    if rank < 0:
        raise LheoError("Le flux ne contient aucune formation (<offres><formation>…).")
    return errors


def checked_formations(path, *, map_sessions=True):
    """One pass over the feed: for each formation, (rank, numero, schema errors, its SessionRecords).

    A formation that breaks the schema is still read (its sessions' identifiers keep them from being closed).
    """
    namespace = feed_namespace(path) or None
    xsd = schema(namespace or NS_23)
    for rank, formation in enumerate(_iter_formations(path)):
        problems = _schema_errors(xsd, formation, namespace)
        sessions = list(_records_of(rank, formation)) if map_sessions else []
        yield rank, formation.get("numero", ""), problems, sessions


_FRENCH = [
    (
        re.compile(
            r"Element '(?P<e>[^']+)': This element is not expected\. Expected is (?:one of )?\( (?P<x>.*) \)\."
        ),
        "élément « {e} » inattendu à cet endroit ; attendu : {x}.",
    ),
    (
        re.compile(r"Element '(?P<e>[^']+)': This element is not expected\."),
        "élément « {e} » inattendu à cet endroit.",
    ),
    (
        re.compile(
            r"Element '(?P<e>[^']+)': Missing child element\(s\)\. Expected is (?:one of )?\( (?P<x>.*) \)\."
        ),
        "élément « {e} » incomplet : il manque {x}.",
    ),
    (
        re.compile(
            r"Element '(?P<e>[^']+)': \[facet 'maxLength'\] The value has a length of '(?P<n>\d+)'; "
            r"this exceeds the allowed maximum length of '(?P<m>\d+)'\."
        ),
        "« {e} » : {n} caractères, {m} au plus.",
    ),
    (
        re.compile(
            r"Element '(?P<e>[^']+)': \[facet 'minLength'\] The value has a length of '(?P<n>\d+)'; "
            r"this underruns the allowed minimum length of '(?P<m>\d+)'\."
        ),
        "« {e} » : {n} caractères, {m} au moins.",
    ),
    (
        re.compile(r"Element '(?P<e>[^']+)': \[facet '(?:enumeration|pattern)'\] The value '(?P<v>[^']*)'.*"),
        "« {e} » : valeur « {v} » non permise.",
    ),
    (
        re.compile(r"Element '(?P<e>[^']+)': '(?P<v>[^']*)' is not a valid value.*"),
        "« {e} » : valeur « {v} » invalide.",
    ),
]


def _french(message):
    """libxml2's English message → French, without the namespace."""
    text = re.sub(r"\{[^}]*\}", "", message).strip()
    for pattern, french in _FRENCH:
        match = pattern.fullmatch(text)
        if match:
            return french.format(**match.groupdict())
    return text.replace("Element", "élément")


# --- Mapping ---------------------------------------------------------------------------------------------


def _child(element, name):
    return element.find("{*}" + name) if element is not None else None


def _children(element, name):
    return element.findall("{*}" + name) if element is not None else []


def _text(element, *path):
    if element is None:
        return ""
    return (element.findtext("/".join("{*}" + name for name in path)) or "").strip()


def lheo_date(value):
    """YYYYMMDD → date; 00000000 and anything that is not a date → None (unknown)."""
    value = (value or "").strip()
    if not value or value == UNKNOWN_DATE:
        return None
    try:
        return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:8]))  # strptime is ten times slower
    except ValueError:
        return None


def _amount(value):
    value = (value or "").strip().replace(" ", "").replace(",", ".")
    if not value:
        return None
    try:
        return Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _float(value):
    try:
        return float((value or "").strip().replace(",", "."))
    except ValueError:
        return None


def _place(coordinates):
    address = _child(coordinates, "adresse") if coordinates is not None else None
    if address is None:
        return Place()
    geo = _child(address, "geolocalisation")
    lines = [(line.text or "").strip() for line in _children(address, "ligne")]
    return Place(
        insee=_text(address, "code-INSEE-commune").upper(),
        postcode=_text(address, "codepostal"),
        city=_text(address, "ville"),
        latitude=_float(_text(geo, "latitude")) if geo is not None else None,
        longitude=_float(_text(geo, "longitude")) if geo is not None else None,
        address=", ".join(line for line in lines if line),
    )


def _formation_fields(formation):
    domain = _child(formation, "domaine-formation")
    certification = _child(formation, "certification")
    rncp, rs = _text(certification, "code-RNCP"), _text(certification, "code-RS")
    code = f"RNCP{rncp}" if rncp else (f"RS{rs}" if rs else "")
    description = " ".join(
        part
        for part in (_text(formation, "objectif-formation"), _text(formation, "contenu-formation"))
        if part
    )
    return {
        "title": _text(formation, "intitule-formation"),
        "description": description[:5000],
        "certification_code": code[:20],
        "certif_info_code": _text(certification, "code-CERTIFINFO")[:10],
        "rome_codes": [
            (c.text or "").strip().upper() for c in _children(domain, "code-ROME") if (c.text or "").strip()
        ]
        if domain is not None
        else [],
        "formacodes": [
            (c.text or "").strip() for c in _children(domain, "code-FORMACODE") if (c.text or "").strip()
        ]
        if domain is not None
        else [],
        "entry_level": LEVELS.get(_text(formation, "code-niveau-entree"), 0),
        "exit_level": LEVELS.get(_text(formation, "code-niveau-sortie"), 3),
    }


def _organisation(action, formation):
    trainer = _child(action, "organisme-formateur")
    if trainer is not None:
        return _text(trainer, "SIRET-formateur", "SIRET"), _text(trainer, "raison-sociale-formateur")
    responsible = _child(formation, "organisme-formation-responsable")
    name = _text(responsible, "raison-sociale")
    if name in {"", "-"}:
        name = _text(responsible, "nom-organisme")
    return _text(responsible, "SIRET-organisme-formation", "SIRET"), name


def _fundings(action):
    fundings = {}
    for funder in _children(action, "organisme-financeur"):
        code = _text(funder, "code-financeur")
        places = _text(funder, "nb-places-financees")
        count = int(places) if places.isdigit() else None
        if code:
            previous = fundings.get(code)
            fundings[code] = (previous or 0) + count if count is not None else previous
    return fundings


def records(path):
    """One SessionRecord per session of the feed, in the feed's order."""
    for rank, formation in enumerate(_iter_formations(path)):
        yield from _records_of(rank, formation)


def _records_of(rank, formation):
    common = _formation_fields(formation)
    formation_id = formation.get("numero", "")
    for action in _children(formation, "action"):
        siret, name = _organisation(action, formation)
        places = _children(action, "lieu-de-formation")
        place = _place(_child(places[0], "coordonnees")) if places else Place()
        shared = {
            "organisation_siret": siret.replace(" ", ""),
            "organisation_name": name,
            "permanent_entry": _text(action, "modalites-entrees-sorties") == "1",
            "fundings": _fundings(action),
            "price_total": _amount(_text(action, "prix-total-TTC")),
            "price_hourly": _amount(_text(action, "prix-horaire-TTC")),
        }
        for session in _children(action, "session"):
            period = _child(session, "periode")
            registration = (
                _child(_child(session, "periode-inscription"), "periode")
                if _child(session, "periode-inscription") is not None
                else None
            )
            session_place = place
            if not (place.insee or place.postcode or place.latitude is not None):
                session_place = _place(_child(session, "adresse-inscription"))
            yield SessionRecord(
                line=session.sourceline or formation.sourceline or 0,
                formation_rank=rank,
                formation_id=formation_id,
                action_id=action.get("numero", ""),
                session_id=session.get("numero", ""),
                place=session_place,
                start=lheo_date(_text(period, "debut")),
                end=lheo_date(_text(period, "fin")),
                registration_start=lheo_date(_text(registration, "debut"))
                if registration is not None
                else None,
                registration_end=lheo_date(_text(registration, "fin")) if registration is not None else None,
                recruitment_state=RECRUITMENT_STATES.get(_text(session, "etat-recrutement"), "open"),
                **common,
                **shared,
            )
