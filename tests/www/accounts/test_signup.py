"""Sign-up: job seekers, companies and training organisations; French errors with a 400 and nothing written."""

import re

import pytest
from django.core import mail

from tdu.accounts.enums import Situation
from tdu.accounts.models import JobSeekerProfile, User
from tdu.companies.models import Company
from tdu.organisations.models import CompanyMembership, TrainingOrganisationMembership
from tdu.references.enums import EducationLevel
from tdu.trainings.models import TrainingOrganisation
from tests.factories import (
    METZ,
    PASSWORD,
    CompanyFactory,
    OrganisationFactory,
    company_member,
    real_commune,
    rome,
    training_member,
    valid_siret,
)

pytestmark = pytest.mark.django_db

SAINT_DENIS_93, SAINT_DENIS_REUNION = "93066", "97411"


def job_seeker_data(**overrides):
    data = {
        "email": "Lea.Muller@Example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Léa",
        "last_name": "Muller",
        "phone": "06 12 34 56 78",
        "birth_date": "1998-03-14",
        "commune": "57000",
        "mobility_radius_km": "25",
        "education_level": str(EducationLevel.CAP_BEP.value),
        "situation": Situation.FRANCE_TRAVAIL,
        "france_travail_id": "1234567a",
        "jobs_wanted": "soudeur",
        "availability": "tout de suite",
    }
    data.update(overrides)
    return data


def person_data(**overrides):
    data = {
        "email": "sophie.klein@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Sophie",
        "last_name": "Klein",
        "phone": "",
        "siret": "",
        "name": "",
        "commune": "",
    }
    data.update(overrides)
    return data


def spaced(siret):
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body)[1]


def test_chooser_explains_the_roles_and_who_does_not_sign_up(client, post):
    html = client.get("/compte/inscription/").content.decode()
    assert "/compte/inscription/demandeur-emploi/" in html
    assert "/compte/inscription/entreprise/" in html
    assert "/compte/inscription/organisme-de-formation/" in html
    assert "sur <strong>invitation</strong>" in html
    assert "créés par l'administration" in html


def test_job_seeker_signs_up_and_must_confirm_her_address(client, post):
    real_commune(METZ)
    welder = rome("H2913", "Soudeur / Soudeuse")
    response = client.get("/compte/inscription/demandeur-emploi/")
    assert response.status_code == 200
    assert 'value="30"' in response.content.decode()  # default mobility radius

    response = post("/compte/inscription/demandeur-emploi/", job_seeker_data())
    assert response.status_code == 302
    assert response["Location"] == "/compte/inscription/lien-envoye/"
    user = User.objects.get(email="lea.muller@example.org")
    assert user.email_verified_at is None
    assert user.check_password(PASSWORD)
    assert user.phone == "06 12 34 56 78"
    profile = user.job_seeker_profile
    assert profile.commune.code == METZ
    assert profile.mobility_radius_km == 25
    assert profile.education_level == EducationLevel.CAP_BEP
    assert profile.france_travail_id == "1234567A"
    assert list(profile.jobs_wanted.all()) == [welder]
    assert profile.registered_by is None

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lea.muller@example.org"]
    assert "Confirmez votre adresse" in mail.outbox[0].subject
    assert "lea.muller@example.org" in client.get(response["Location"]).content.decode()

    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 200
    assert "est confirmée" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert "_auth_user_id" not in client.session  # she is invited to log in, not logged in


def test_jobs_wanted_may_be_left_empty_or_listed_with_commas(client, post):
    real_commune(METZ)
    rome("H2913", "Soudeur / Soudeuse")
    rome("N1101", "Conducteur / Conductrice de chariot élévateur")
    post("/compte/inscription/demandeur-emploi/", job_seeker_data(jobs_wanted=""))
    assert User.objects.get().job_seeker_profile.jobs_wanted.count() == 0
    post(
        "/compte/inscription/demandeur-emploi/",
        job_seeker_data(email="marc@example.org", jobs_wanted="soudeur, chariot"),
    )
    codes = User.objects.get(email="marc@example.org").job_seeker_profile.jobs_wanted
    assert sorted(codes.values_list("code", flat=True)) == ["H2913", "N1101"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "motdepasse", "password2": "motdepasse"}, "trop courant"),
        ({"password1": "court", "password2": "court"}, "trop court"),
        ({"password2": "autre-mot-de-passe-2026"}, "ne sont pas identiques"),
        ({"email": "pas-une-adresse"}, "adresse électronique valide"),
        ({"commune": "Atlantide"}, "Aucune commune ne correspond à « Atlantide »"),
        ({"mobility_radius_km": "500"}, "entre 1 et 200 km"),
        ({"birth_date": "2090-01-01"}, "dans le futur"),
        ({"birth_date": "31/02/1990"}, "Saisissez une date valide"),
        ({"education_level": ""}, "Ce champ est obligatoire"),
        ({"jobs_wanted": "astronaute lunaire"}, "Aucun métier ne correspond à « astronaute lunaire »"),
        ({"phone": "appelez-moi"}, "Numéro de téléphone invalide"),
        ({"france_travail_id": "12"}, "7 à 11 chiffres ou lettres"),
    ],
)
def test_job_seeker_errors_are_french_with_a_400_and_nothing_written(client, post, overrides, message):
    real_commune(METZ)
    rome("H2913", "Soudeur / Soudeuse")
    response = post("/compte/inscription/demandeur-emploi/", job_seeker_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")
    assert 'class="fr-error-text"' in html
    assert User.objects.count() == 0
    assert JobSeekerProfile.objects.count() == 0
    assert mail.outbox == []


def test_duplicate_email_is_refused_whatever_the_case(client, post):
    real_commune(METZ)
    rome("H2913", "Soudeur / Soudeuse")
    post("/compte/inscription/demandeur-emploi/", job_seeker_data())
    mail.outbox.clear()
    response = post("/compte/inscription/demandeur-emploi/", job_seeker_data(email="LEA.MULLER@example.org"))
    assert response.status_code == 400
    assert "Un compte existe déjà avec cette adresse électronique." in response.content.decode()
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_ambiguous_commune_lists_the_choices_then_one_is_picked(client, post):
    real_commune(SAINT_DENIS_93)
    real_commune(SAINT_DENIS_REUNION)
    rome("H2913", "Soudeur / Soudeuse")
    response = post("/compte/inscription/demandeur-emploi/", job_seeker_data(commune="Saint-Denis"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "2 communes s&#x27;appellent « Saint-Denis » : choisissez la vôtre." in html
    assert 'name="commune_choix" value="Saint-Denis (93200, Seine-Saint-Denis)"' in html
    assert 'name="commune_choix" value="Saint-Denis (97400, La Réunion)"' in html
    assert User.objects.count() == 0

    response = post(
        "/compte/inscription/demandeur-emploi/",
        job_seeker_data(commune="Saint-Denis", commune_choix="Saint-Denis (97400, La Réunion)"),
    )
    assert response.status_code == 302
    assert User.objects.get().job_seeker_profile.commune.code == SAINT_DENIS_REUNION


# --- Companies and training organisations ---------------------------------------------------------------


def test_new_company_is_created_with_its_first_administrator(client, post):
    real_commune(METZ)
    siret = valid_siret()
    response = post(
        "/compte/inscription/entreprise/",
        person_data(siret=spaced(siret), name="Ateliers Schmitt", commune="Metz"),
    )
    assert response.status_code == 302
    company = Company.objects.get(siret=siret)
    assert company.name == "Ateliers Schmitt"
    assert company.commune.code == METZ
    membership = CompanyMembership.objects.get(company=company)
    assert membership.is_admin
    assert membership.user.email == "sophie.klein@example.org"
    assert membership.user.email_verified_at is None  # the address must still be confirmed
    assert len(mail.outbox) == 1
    assert "Confirmez votre adresse" in mail.outbox[0].subject


def test_company_with_members_is_refused_without_leaking_them(client, post):
    company = CompanyFactory()
    company_member(company=company)
    response = post("/compte/inscription/entreprise/", person_data(siret=company.siret))
    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert (
        "Cette entreprise a déjà un espace sur Trait d'union : "
        "demandez une invitation à son administrateur ou administratrice." in html
    )
    assert "bruno.schmitt@example.org" not in html
    assert not User.objects.filter(email="sophie.klein@example.org").exists()
    assert CompanyMembership.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"siret": "123 456 789"}, "siret", "exactement 14 chiffres"),
        ({"siret": "12345678900013"}, "siret", "clé de contrôle est fausse"),
        ({"siret": "VALID", "commune": "Metz"}, "name", "indiquez le nom de l'entreprise"),
        ({"siret": "VALID", "name": "Ateliers"}, "commune", "indiquez la commune de l'entreprise"),
        ({"siret": "VALID", "name": "Ateliers", "commune": "Atlantide"}, "commune", "Aucune commune"),
        ({"siret": "VALID", "password2": "autre-chose-2026"}, "password2", "ne sont pas identiques"),
    ],
)
def test_company_sign_up_errors_write_nothing(client, post, overrides, field, message):
    real_commune(METZ)
    if overrides.get("siret") == "VALID":
        overrides["siret"] = valid_siret()
    response = post("/compte/inscription/entreprise/", person_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    assert f'id="id_{field}-erreur"' in html
    assert User.objects.count() == 0
    assert Company.objects.count() == 0
    assert mail.outbox == []


def test_training_organisation_sign_up_follows_the_same_rules(client, post):
    real_commune(METZ)
    siret = valid_siret()
    response = post(
        "/compte/inscription/organisme-de-formation/",
        person_data(siret=siret, name="GRETA Moselle", commune="57000"),
    )
    assert response.status_code == 302
    organisation = TrainingOrganisation.objects.get(siret=siret)
    assert TrainingOrganisationMembership.objects.get(organisation=organisation).is_admin

    taken = OrganisationFactory()
    training_member(organisation=taken)
    response = post(
        "/compte/inscription/organisme-de-formation/",
        person_data(email="autre@example.org", siret=taken.siret),
    )
    assert response.status_code == 400
    assert "Cet organisme de formation a déjà un espace sur Trait d" in response.content.decode()
    assert not User.objects.filter(email="autre@example.org").exists()
