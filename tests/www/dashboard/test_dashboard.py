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
    return html.split("<h2>À faire</h2>", 1)[1].split("<h2>Les autres candidatures</h2>", 1)[0]


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
    assert offer.title in page(client, seeker).split("<h2>Les autres candidatures</h2>")[1]

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
