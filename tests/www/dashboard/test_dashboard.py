import datetime

import pytest
from django.utils import timezone

from tdu.candidatures.services import application, meetings
from tests.factories import (
    PASSWORD,
    OfferFactory,
    company_member,
    job_seeker,
    prescriber,
    prescriber_organisation,
    region_staff,
)

pytestmark = pytest.mark.django_db


def page(client, user):
    client.logout()
    assert client.login(email=user.email, password=PASSWORD)
    response = client.get("/tableau-de-bord/")
    assert response.status_code == 200
    return response.content.decode()


def todo_section(html):
    return html.split("<h2>À faire</h2>", 1)[1].split('<h2 id="en-cours">', 1)[0]


def test_each_role_sees_first_what_waits_for_her():
    organisation = prescriber_organisation()
    offer = OfferFactory()
    company = company_member(company=offer.company)
    seeker = job_seeker(prescriber_organisation=organisation)
    adviser = prescriber(organisation=organisation)
    staff = region_staff()
    candidature = application.apply(offer, seeker, seeker, "Bonjour")

    from django.test import Client

    client = Client()
    assert "Nouvelle candidature à étudier" in todo_section(page(client, company))
    assert "Rien n'attend votre action" in todo_section(page(client, seeker))
    mine = page(client, seeker).split('<h2 id="en-cours">')[1]
    assert mine.startswith("Vos candidatures</h2>") and offer.title in mine
    assert "À faire par l&#x27;entreprise : nouvelle candidature à étudier" in mine

    application.open_candidature(candidature, company)
    meetings.propose_meeting(
        candidature,
        company,
        [
            {
                "starts_at": timezone.now() + datetime.timedelta(days=2),
                "duration_minutes": 30,
                "place": "Metz",
                "video_link": "",
            }
        ],
    )
    assert "Choisir un créneau de rencontre" in todo_section(page(client, seeker))
    assert "Rien n'attend votre action" in todo_section(page(client, company))
    html = page(client, adviser)
    assert "Les personnes accompagnées" in html or "les personnes accompagnées" in html
    assert offer.title in html
    html = page(client, staff)
    assert "Région Grand Est" in html
    assert offer.title in html


def test_search_is_prefilled_from_her_profile(client):
    seeker = job_seeker(mobility_radius_km=25, education_level=4)
    client.login(email=seeker.email, password=PASSWORD)
    html = client.get("/recherche/").content.decode()
    assert 'value="Metz (57000)"' in html
    assert 'value="25"' in html
    assert '<option value="4" selected>' in html


def count_queries(client, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/tableau-de-bord/").status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_for_5_or_30_candidatures(client):
    from tests.situations import candidature_at, make_cast

    cast = make_cast()
    steps = ["sent", "meeting_proposed", "immersion_proposed", "immersion_done", "commitment_proposed"]
    offers = [cast.offer, *(OfferFactory(company=cast.offer.company) for _ in range(29))]

    def add(count):
        for n in range(count):
            cast.offer = offers.pop()
            candidature_at(cast, steps[n % len(steps)])

    add(5)  # one at each step, so that every prefetch has rows
    few = {who: count_queries(client, getattr(cast, who)) for who in ("amelie", "bruno", "david", "elise")}
    add(25)
    many = {who: count_queries(client, getattr(cast, who)) for who in ("amelie", "bruno", "david", "elise")}
    assert many == few, (few, many)
    assert "Signer la promesse d&#x27;embauche" in page(client, cast.bruno)


def test_every_empty_dashboard_says_what_to_do_first():
    from django.test import Client

    client = Client()
    seeker = job_seeker()
    first = page(client, seeker)
    assert "Première étape : choisir un emploi près de chez vous" in first
    assert (
        "Vos rôles" not in first and 'id="en-cours"' not in first
    )  # no empty list of « other » candidatures
    recruiter = company_member()
    company = recruiter.company_memberships.get().company
    assert f"{company.name} : publiez votre première offre" in page(client, recruiter)
    OfferFactory(company=company)
    assert f"{company.name} : nos offres" in page(client, recruiter)
