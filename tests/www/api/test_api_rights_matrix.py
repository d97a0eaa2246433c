"""Every endpoint of the API × every token: each organisation kind, its own and another organisation, scopes on
and off, another region, revoked, expired, unknown, none — 0 foreign reads, 0 foreign writes.

An endpoint of the OpenAPI document missing from ENDPOINTS makes this test fail: declare who may use it.
"""

import datetime
import json
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone

from tdu.partners import tokens, webhooks
from tdu.partners.scopes import BY_KIND, Kind
from tdu.www.api.views import api
from tests.factories import FundedSessionFactory
from tests.partners.conftest import bearer, organisation_of
from tests.situations import candidature_at

pytestmark = pytest.mark.django_db

# name: (kind, another organisation of that kind — for the region: another region)
ACTORS = {
    "company": (Kind.COMPANY, False),
    "other_company": (Kind.COMPANY, True),
    "trainer": (Kind.TRAINING, False),
    "other_trainer": (Kind.TRAINING, True),
    "adviser": (Kind.PRESCRIBER, False),
    "other_adviser": (Kind.PRESCRIBER, True),
    "region": (Kind.REGION, False),
    "other_region": (Kind.REGION, True),
}
ALL = set(ACTORS)
OFFER = {
    "intitule": "Chaudronnier / Chaudronnière H/F",
    "rome": "H2913",
    "commune": "57463",
    "type_contrat": "cdi",
    "description": "Atelier de chaudronnerie.",
}


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: object  # (world) → url
    scope: str | None  # None: public
    kinds: set = field(default_factory=set)  # the kinds of token this endpoint answers
    owners: set = field(default_factory=set)  # who reaches the world's object (sees it in a list, acts on it)
    body: object = None  # (world) → JSON body
    listed: object = None  # (world, json) → is the world's object in this answer?


ENDPOINTS = {
    ("get", "/api/v1/offres"): Endpoint("get", lambda w: "/api/v1/offres?commune=57463", None),
    ("get", "/api/v1/communes"): Endpoint("get", lambda w: "/api/v1/communes?q=Metz", None),
    ("get", "/api/v1/metiers"): Endpoint("get", lambda w: "/api/v1/metiers?q=soudeur", None),
    ("get", "/api/v1/stats"): Endpoint("get", lambda w: "/api/v1/stats", None),
    ("get", "/api/v1/entreprise/offres"): Endpoint(
        "get",
        lambda w: "/api/v1/entreprise/offres",
        "offres:lecture",
        {Kind.COMPANY, Kind.REGION},
        {"company", "region"},
        listed=lambda w, answer: w["offer"].pk in {row["id"] for row in answer["resultats"]},
    ),
    ("put", "/api/v1/entreprise/offres/externe/{identifiant}"): Endpoint(
        "put",
        lambda w: "/api/v1/entreprise/offres/externe/ATS-1",
        "offres:ecriture",
        {Kind.COMPANY},
        # Another company's « ATS-1 » is its own new offer, never the company's: checked after the run.
        {"company", "other_company"},
        body=lambda w: OFFER,
    ),
    ("get", "/api/v1/entreprise/offres/{offre_id}"): Endpoint(
        "get",
        lambda w: f"/api/v1/entreprise/offres/{w['offer'].pk}",
        "offres:lecture",
        {Kind.COMPANY, Kind.REGION},
        {"company", "region"},
    ),
    ("post", "/api/v1/entreprise/offres/{offre_id}/cloturer"): Endpoint(
        "post",
        lambda w: f"/api/v1/entreprise/offres/{w['offer'].pk}/cloturer",
        "offres:ecriture",
        {Kind.COMPANY},
        {"company"},
    ),
    ("get", "/api/v1/organisme/sessions"): Endpoint(
        "get",
        lambda w: "/api/v1/organisme/sessions",
        "sessions:lecture",
        {Kind.TRAINING, Kind.REGION},
        {"trainer", "region"},
        listed=lambda w, answer: w["session"].pk in {row["id"] for row in answer["resultats"]},
    ),
    ("put", "/api/v1/organisme/sessions/externe/{identifiant}"): Endpoint(
        "put",
        lambda w: "/api/v1/organisme/sessions/externe/GRETA-1",
        "sessions:ecriture",
        {Kind.TRAINING},
        {"trainer"},  # the other organisation names a training that is not its own: 400
        body=lambda w: {
            "formation": w["session"].training_id,
            "commune": "57463",
            "debut": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "fin": (timezone.localdate() + datetime.timedelta(days=150)).isoformat(),
        },
    ),
    ("get", "/api/v1/organisme/sessions/{session_id}"): Endpoint(
        "get",
        lambda w: f"/api/v1/organisme/sessions/{w['session'].pk}",
        "sessions:lecture",
        {Kind.TRAINING, Kind.REGION},
        {"trainer", "region"},
    ),
    ("post", "/api/v1/organisme/sessions/{session_id}/fermer"): Endpoint(
        "post",
        lambda w: f"/api/v1/organisme/sessions/{w['session'].pk}/fermer",
        "sessions:ecriture",
        {Kind.TRAINING},
        {"trainer"},
    ),
    ("put", "/api/v1/organisme/sessions/{session_id}/places"): Endpoint(
        "put",
        lambda w: f"/api/v1/organisme/sessions/{w['session'].pk}/places",
        "sessions:ecriture",
        {Kind.TRAINING},
        {"trainer"},
        body=lambda w: {"places_financees": 7},
    ),
    # The region's answer to a funding that an organisation declared: only the region it names.
    ("post", "/api/v1/region/sessions/{session_id}/financement"): Endpoint(
        "post",
        lambda w: f"/api/v1/region/sessions/{w['session_to_confirm'].pk}/financement",
        "sessions:financement",
        {Kind.REGION},
        {"region"},
        body=lambda w: {"decision": "confirmer"},
    ),
    ("get", "/api/v1/candidatures"): Endpoint(
        "get",
        lambda w: "/api/v1/candidatures",
        "candidatures:lecture",
        set(Kind),
        {"company", "trainer", "adviser", "region"},
        listed=lambda w, answer: w["candidature"].pk in {row["id"] for row in answer["resultats"]},
    ),
    ("get", "/api/v1/candidatures/{candidature_id}"): Endpoint(
        "get",
        lambda w: f"/api/v1/candidatures/{w['candidature'].pk}",
        "candidatures:lecture",
        set(Kind),
        {"company", "trainer", "adviser", "region"},
    ),
    ("post", "/api/v1/candidatures/{candidature_id}/actions/{action}"): Endpoint(
        "post",
        lambda w: f"/api/v1/candidatures/{w['candidature'].pk}/actions/accept_enrolment",
        "candidatures:actions",
        {Kind.COMPANY, Kind.TRAINING, Kind.PRESCRIBER},
        {"trainer"},  # the company and the adviser see it, but accepting an enrolment is the trainer's: 403
        body=lambda w: {},
    ),
    ("get", "/api/v1/evenements"): Endpoint(
        "get",
        lambda w: "/api/v1/evenements",
        "candidatures:lecture",
        set(Kind),
        {"company", "trainer", "adviser", "region"},
        listed=lambda w, answer: w["candidature"].pk in {row["candidature"] for row in answer["resultats"]},
    ),
    ("get", "/api/v1/webhooks"): Endpoint(
        "get",
        lambda w: "/api/v1/webhooks",
        "webhooks",
        set(Kind),
        {"company"},
        listed=lambda w, answer: w["subscription"].pk in {row["id"] for row in answer},
    ),
    ("post", "/api/v1/webhooks"): Endpoint(
        "post",
        lambda w: "/api/v1/webhooks",
        "webhooks",
        set(Kind),
        ALL,  # each subscribes for itself
        body=lambda w: {"url": "http://127.0.0.1:9/hook", "evenements": []},
    ),
    ("delete", "/api/v1/webhooks/{abonnement_id}"): Endpoint(
        "delete",
        lambda w: f"/api/v1/webhooks/{w['subscription'].pk}",
        "webhooks",
        set(Kind),
        {"company"},
    ),
    ("post", "/api/v1/webhooks/{abonnement_id}/test"): Endpoint(
        "post",
        lambda w: f"/api/v1/webhooks/{w['subscription'].pk}/test",
        "webhooks",
        set(Kind),
        {"company"},
    ),
}


def test_every_endpoint_of_the_openapi_document_is_in_the_matrix():
    documented = {
        (method, path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
    }
    assert documented == set(ENDPOINTS), "Declare who may use each new endpoint in ENDPOINTS"


@pytest.fixture
def world(cast):
    candidature = candidature_at(cast, "enrolment_requested")
    company, organisation = organisation_of(cast, Kind.COMPANY)
    subscription = webhooks.subscribe(Kind.COMPANY, organisation, company, url="http://127.0.0.1:9/hook")
    keys = {}
    for name, (kind, other) in ACTORS.items():
        person, organisation = organisation_of(cast, kind, other)
        keys[name] = tokens.create_token(kind, organisation, person, name=name, scopes=BY_KIND[kind])[1]
    return {
        "cast": cast,
        "offer": cast.offer,
        "session": cast.session,
        "session_to_confirm": FundedSessionFactory(training=cast.session.training, funding_to_confirm=True),
        "candidature": candidature,
        "subscription": subscription,
        "keys": keys,
    }


def call(endpoint, world, headers):
    body = endpoint.body(world) if endpoint.body else None
    client = Client()
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    return getattr(client, endpoint.method)(endpoint.url(world), **kwargs, **headers)


def without(kind, organisation, person, scope):
    scopes = [s for s in BY_KIND[kind] if s != scope]
    return tokens.create_token(kind, organisation, person, name="sans", scopes=scopes)[1]


def state_of(world):
    offer, session, candidature = world["offer"], world["session"], world["candidature"]
    to_confirm = world["session_to_confirm"]
    for obj in (offer, session, candidature, to_confirm):
        obj.refresh_from_db()
    return (
        to_confirm.funding_region_id,
        to_confirm.funding_confirmation,
        offer.title,
        offer.status,
        session.funded_places,
        session.recruitment_open,
        candidature.state,
        type(world["subscription"]).objects.filter(pk=world["subscription"].pk).exists(),
    )


@pytest.mark.parametrize("key", sorted(ENDPOINTS), ids=lambda key: f"{key[0]} {key[1]}")
def test_rights(world, key):
    endpoint = ENDPOINTS[key]
    if endpoint.scope is None:  # public: anyone, with any token or none (a token is not even read)
        for headers in [{}, *(bearer(raw) for raw in world["keys"].values())]:
            response = call(endpoint, world, headers)
            assert response.status_code == 200, (key, response.status_code)
        return
    cast = world["cast"]
    # Without a valid token: 401 in the API's French shape.
    company, organisation = organisation_of(cast, Kind.COMPANY)
    revoked_token, revoked = tokens.create_token(
        Kind.COMPANY, organisation, company, name="r", scopes=BY_KIND[Kind.COMPANY]
    )
    tokens.revoke(revoked_token)
    expiring, expired = tokens.create_token(
        Kind.COMPANY, organisation, company, name="e", scopes=BY_KIND[Kind.COMPANY]
    )
    type(expiring).objects.filter(pk=expiring.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    for headers in [
        {},
        bearer(revoked),
        bearer(expired),
        bearer("tdu_00000000_inconnu"),
        bearer("n'importe"),
    ]:
        response = call(endpoint, world, headers)
        assert response.status_code == 401, (key, headers, response.status_code)
        assert set(response.json()) == {"erreur", "champ"}
    # Scope off: 403, for every kind that could otherwise use it.
    for name in sorted(ALL):
        kind, other = ACTORS[name]
        if kind in endpoint.kinds and len(BY_KIND[kind]) > 1:
            person, organisation = organisation_of(cast, kind, other)
            response = call(endpoint, world, bearer(without(kind, organisation, person, endpoint.scope)))
            assert response.status_code == 403, (key, name, "sans droit", response.status_code)
            assert response.json()["erreur"]
    before = state_of(world)
    # Every token that does not reach the world's object: refused, or an answer without it.
    for name in sorted(ALL - endpoint.owners):
        kind, _ = ACTORS[name]
        response = call(endpoint, world, bearer(world["keys"][name]))
        status = response.status_code
        assert status < 500, (key, name, status)
        if kind not in endpoint.kinds:
            assert status == 403, (key, name, status)
        elif endpoint.listed is not None:
            assert status == 200 and not endpoint.listed(world, response.json()), (key, name, "lecture")
        else:
            assert status in {400, 403, 404}, (key, name, status)
        assert set(response.json()) == {"erreur", "champ"} if status >= 400 else True
    assert state_of(world) == before, (key, "écriture étrangère")
    # Its owners reach it.
    for name in sorted(endpoint.owners):
        response = call(endpoint, world, bearer(world["keys"][name]))
        assert 200 <= response.status_code < 300, (key, name, response.status_code, response.content[:300])
        if endpoint.listed is not None:
            assert endpoint.listed(world, response.json()), (key, name, "absent")
    if key == ("put", "/api/v1/entreprise/offres/externe/{identifiant}"):
        from tdu.offers.models import JobOffer

        mine = JobOffer.objects.filter(company=world["offer"].company, source="api")
        theirs = JobOffer.objects.filter(source="api").exclude(company=world["offer"].company)
        assert mine.count() == 1 and theirs.count() == 1
