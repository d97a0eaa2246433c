"""Prescriber space: the people her organisations follow, registered with their consent."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from tdu.accounts.models import JobSeekerProfile, User
from tdu.accounts.services import CONSENT_TEXT
from tdu.candidatures.models import Candidature
from tests.factories import (
    OfferFactory,
    company_member,
    job_seeker,
    prescriber,
    prescriber_organisation,
    real_commune,
    rome,
)

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def registration(organisation, **overrides):
    data = {
        "organisation": str(organisation.pk),
        "first_name": "Fatou",
        "last_name": "Diallo",
        "email": "Fatou.Diallo@example.org",
        "phone": "06 12 34 56 78",
        "birth_date": "1998-06-01",
        "commune": "Metz (57000)",
        "mobility_radius_km": "25",
        "education_level": "3",
        "situation": "france_travail",
        "jobs_wanted": "H2913",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organisation():
    real_commune()
    rome()
    return prescriber_organisation()


@pytest.fixture
def david(client, organisation):
    user = prescriber(organisation=organisation)
    client.force_login(user)
    return user


def followed(organisation, email="amelie.martin@example.org"):
    return job_seeker(email=email, prescriber_organisation=organisation)


def test_anonymous_people_are_sent_to_the_login_page(client, organisation):
    person = followed(organisation)
    for url in [
        reverse("spaces:prescriber_home"),
        reverse("spaces:prescriber_register"),
        reverse("spaces:prescriber_job_seeker", args=[person.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_people_without_a_prescriber_organisation_get_a_404(client, organisation):
    person = followed(organisation)
    client.force_login(company_member())
    assert client.get(reverse("spaces:prescriber_home")).status_code == 404
    assert client.post(reverse("spaces:prescriber_register"), registration(organisation)).status_code == 404
    assert client.get(reverse("spaces:prescriber_job_seeker", args=[person.pk])).status_code == 404
    client.force_login(person)  # the job seeker herself
    assert client.get(reverse("spaces:prescriber_job_seeker", args=[person.pk])).status_code == 404
    assert User.objects.count() == 2


def test_a_prescriber_of_another_organisation_neither_sees_nor_registers_for_it(client, organisation):
    person = followed(organisation)
    other = prescriber_organisation(name="Mission locale de Nancy", kind="mission_locale")
    client.force_login(prescriber(organisation=other, email="gaelle@example.org"))
    page = text(client.get(reverse("spaces:prescriber_home")))
    assert "Amélie" not in page
    assert client.get(reverse("spaces:prescriber_job_seeker", args=[person.pk])).status_code == 404
    response = client.post(reverse("spaces:prescriber_register"), registration(organisation))
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)
    assert not User.objects.filter(email="fatou.diallo@example.org").exists()


def test_the_home_lists_the_people_followed(client, david, organisation):
    followed(organisation)
    job_seeker(email="zoe@example.org", first_name="Zoé")  # followed by nobody
    response = client.get(reverse("spaces:prescriber_home"))
    page = text(response)
    assert response.status_code == 200
    assert "Amélie Martin" in page and "France Travail Metz" in page
    assert "Zoé" not in page


def test_registering_a_job_seeker_records_her_consent_and_sends_her_a_link(
    client, david, organisation, django_capture_on_commit_callbacks
):
    form = client.get(reverse("spaces:prescriber_register"))
    assert CONSENT_TEXT.format(organisation="France Travail Metz") in text(form)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("spaces:prescriber_register"), registration(organisation))
    person = User.objects.get(email="fatou.diallo@example.org")
    assert response.status_code == 302
    assert response.url == reverse("spaces:prescriber_job_seeker", args=[person.pk])
    profile = person.job_seeker_profile
    assert profile.prescriber_organisation == organisation and profile.registered_by == david
    assert profile.consent_given_at is not None
    assert profile.consent_text == CONSENT_TEXT.format(organisation="France Travail Metz")
    assert (
        profile.commune.code == "57463" and profile.mobility_radius_km == 25 and profile.education_level == 3
    )
    assert list(profile.jobs_wanted.values_list("code", flat=True)) == ["H2913"]
    assert person.phone == "0612345678" and not person.has_usable_password()
    assert [m.to for m in mail.outbox] == [["fatou.diallo@example.org"]]
    assert "Choisissez votre mot de passe" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": ""}, "Cochez cette case : son accord est nécessaire pour créer son compte."),
        ({"email": "pas-une-adresse"}, "Adresse électronique invalide"),
        ({"birth_date": "2030-01-01"}, "La date de naissance est dans le futur."),
        ({"birth_date": "2020-01-01"}, "La personne doit avoir au moins 16 ans."),
        ({"commune": "Atlantide"}, "Aucune commune ne correspond à « Atlantide »"),
        ({"phone": "12"}, "Numéro de téléphone invalide"),
        ({"mobility_radius_km": "500"}, "inférieure ou égale à 200"),
        ({"jobs_wanted": "Z9999"}, "Code ROME inconnu : « Z9999 »."),
        ({"situation": "retraitée"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_gets_a_french_message_and_nothing_is_created(
    client, david, organisation, overrides, message
):
    response = client.post(reverse("spaces:prescriber_register"), registration(organisation, **overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert not JobSeekerProfile.objects.exists()
    assert not mail.outbox


def test_an_address_already_used_is_refused_next_to_the_field(client, david, organisation):
    job_seeker(email="fatou.diallo@example.org")
    response = client.post(reverse("spaces:prescriber_register"), registration(organisation))
    assert response.status_code == 400
    page = text(response)
    assert "Un compte existe déjà avec cette adresse électronique." in page
    assert 'id="id_email-erreur"' in page
    assert JobSeekerProfile.objects.count() == 1


def test_the_job_seeker_page_shows_her_profile_candidatures_and_a_prefilled_search(
    client, david, organisation
):
    person = followed(organisation)
    profile = person.job_seeker_profile
    profile.mobility_radius_km = 40
    profile.save()
    offer = OfferFactory(title="Soudeur chez Schmitt")
    candidature = Candidature.objects.create(
        job_seeker=person,
        offer=offer,
        company=offer.company,
        prescriber_organisation=organisation,
        applied_by=david,
        message="Motivée.",
    )
    response = client.get(reverse("spaces:prescriber_job_seeker", args=[person.pk]))
    page = text(response)
    assert response.status_code == 200
    assert "Amélie Martin" in page and "Metz (57000)" in page and "40 km" in page
    assert "Soudeur chez Schmitt" in page and reverse("candidatures:detail", args=[candidature.pk]) in page
    assert "Rechercher des offres pour elle" in page
    assert 'href="/recherche/?commune=Metz+%2857000%29&rayon=40"' in page
