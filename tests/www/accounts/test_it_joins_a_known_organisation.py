"""Signing up with the SIRET of a company already on the service but without members (found by testing: anyone
became its administrator and read its candidatures and CVs). Now the person sees nothing of it until she proves
she belongs to it — the code sent to the address of its offers — or the region's staff approve her."""

import re

import pytest
from django.core import mail

from tdu.accounts.models import User
from tdu.accounts.services import mark_email_verified
from tdu.organisations.models import CompanyMembership, JoinRequest
from tests.factories import PASSWORD, CompanyFactory, OfferFactory, job_seeker, region_staff
from tests.helpers import login
from tests.situations import candidature_at, make_cast

pytestmark = pytest.mark.django_db


def sign_up_as_mallory(post, siret):
    response = post(
        "/compte/inscription/entreprise/",
        {
            "email": "mallory@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Mallory",
            "last_name": "Martin",
            "phone": "",
            "siret": siret,
            "name": "",
            "commune": "",
        },
    )
    assert response.status_code == 302
    mallory = User.objects.get(email="mallory@example.org")
    mark_email_verified(mallory)
    return mallory


def test_a_known_siret_opens_nothing_until_the_code_of_its_offers_address_is_given(client, post):
    cast = make_cast()
    candidature = candidature_at(cast, "under_review")
    company = candidature.company
    CompanyMembership.objects.filter(company=company).delete()  # as an imported company: nobody yet
    company.offers.update(contact_email="recrutement@schmitt.example.org")
    mail.outbox.clear()
    mallory = sign_up_as_mallory(post, company.siret)
    assert not CompanyMembership.objects.filter(user=mallory).exists()
    code_mail = next(m for m in mail.outbox if m.to == ["recrutement@schmitt.example.org"])
    code = re.search(r"\b(\d{6})\b", code_mail.body).group(1)
    assert "mallory@example.org" in code_mail.body and "Mallory" in code_mail.body
    login(client, mallory)
    for url in (
        f"/espace/entreprise/{company.siret}/offres/",
        f"/candidatures/{candidature.pk}/",
        f"/candidatures/{candidature.pk}/cv/",
    ):
        assert client.get(url).status_code == 404, url
    request = JoinRequest.objects.get(user=mallory)
    assert "en attente" in client.get("/tableau-de-bord/").content.decode()
    wrong = str((int(code) + 1) % 1_000_000).zfill(6)
    answer = client.post(f"/compte/rattachement/{request.pk}/", {"code": wrong})
    assert (
        answer.status_code == 400
        and "Ce code n&#x27;est pas le bon (4 essais restants)" in answer.content.decode()
    )
    assert client.post(f"/compte/rattachement/{request.pk}/", {"code": code}).status_code == 302
    assert CompanyMembership.objects.get(user=mallory, company=company).is_admin
    assert client.get(f"/candidatures/{candidature.pk}/").status_code == 200


def test_five_wrong_codes_close_the_door(client, post):
    company = CompanyFactory()
    OfferFactory(company=company, contact_email="rh@example.org")
    mallory = sign_up_as_mallory(post, company.siret)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    login(client, mallory)
    request = JoinRequest.objects.get(user=mallory)
    wrong = str((int(code) + 1) % 1_000_000).zfill(6)
    for _ in range(5):
        client.post(f"/compte/rattachement/{request.pk}/", {"code": wrong})
    late = client.post(f"/compte/rattachement/{request.pk}/", {"code": code})
    assert late.status_code == 400 and "Trop d&#x27;essais" in late.content.decode()
    assert not CompanyMembership.objects.filter(user=mallory).exists()


def test_without_a_known_address_the_region_decides(client, post):
    company = CompanyFactory()  # in Metz: Grand Est
    staff = region_staff()
    elsewhere = region_staff(region="11", email="idf@example.org")
    mail.outbox.clear()
    mallory = sign_up_as_mallory(post, company.siret)
    assert [m.to for m in mail.outbox if "rattachement" in m.subject] == [[staff.email]]
    request = JoinRequest.objects.get(user=mallory)
    login(client, mallory)
    page = client.get(f"/compte/rattachement/{request.pk}/").content.decode()
    assert "l'équipe de la Région vérifie votre demande" in page
    # Another region's staff and the person herself cannot decide.
    assert client.post(f"/espace/region/44/demandes/{request.pk}/accepter/").status_code == 404
    login(client, elsewhere)
    assert client.post(f"/espace/region/44/demandes/{request.pk}/accepter/").status_code == 404
    assert client.post(f"/espace/region/11/demandes/{request.pk}/accepter/").status_code == 404
    login(client, staff)
    listed = client.get("/espace/region/44/demandes/").content.decode()
    assert "Mallory Martin" in listed and company.siret in listed
    assert client.post(f"/espace/region/44/demandes/{request.pk}/accepter/").status_code == 302
    assert CompanyMembership.objects.get(user=mallory, company=company).is_admin
    assert client.post(f"/espace/region/44/demandes/{request.pk}/refuser/").status_code == 404  # decided


def test_a_new_siret_is_still_immediate_and_a_job_seeker_cannot_use_another_s_request(client, post):
    company = CompanyFactory()
    mallory = sign_up_as_mallory(post, company.siret)
    request = JoinRequest.objects.get(user=mallory)
    login(client, job_seeker())
    assert client.get(f"/compte/rattachement/{request.pk}/").status_code == 404
