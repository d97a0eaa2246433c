"""Bad input is refused with a French message where it was entered, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tdu.companies.models import Company
from tdu.offers.models import JobOffer
from tdu.trainings.models import TrainingSession
from tdu.utils.validators import validate_siret
from tests.factories import (
    METZ,
    CompanyFactory,
    OfferFactory,
    TrainingFactory,
    real_commune,
    real_region,
    rome,
)


@pytest.mark.parametrize("siret", ["73282932000074", "35600000000048", "35600000000001"])
def test_valid_sirets_including_la_poste(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("73282932000075", "clé de contrôle est fausse"),
        ("7328293200007", "exactement 14 chiffres"),
        ("7328293200007A", "exactement 14 chiffres"),
        ("35600000000002", "clé de contrôle est fausse"),
    ],
)
def test_invalid_sirets_get_a_french_message(siret, message):
    with pytest.raises(ValidationError, match=message):
        validate_siret(siret)


def offer_form_data(**overrides):
    data = {
        "company": CompanyFactory().pk,
        "title": "Soudeur / Soudeuse",
        "rome": rome().pk,
        "commune": real_commune(METZ).pk,
        "latitude": "",
        "longitude": "",
        "contract_type": "cdi",
        "contract_duration_months": "",
        "positions": "1",
        "status": "published",
        "source": "platform",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_admin_creates_a_valid_offer_at_its_commune(admin_client):
    response = admin_client.post(reverse("admin:offers_joboffer_add"), offer_form_data())
    assert response.status_code == 302
    offer = JobOffer.objects.get()
    metz = real_commune(METZ)
    assert (offer.latitude, offer.longitude) == (metz.latitude, metz.longitude)
    assert offer.published_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"contract_type": "cdd", "contract_duration_months": "3"},
            "Un CDD de 3 mois n&#x27;est pas éligible",
        ),
        ({"contract_type": "cdd", "contract_duration_months": ""}, "Indiquez la durée du CDD"),
        ({"contract_type": "interim"}, "Sélectionnez un choix valide"),
        ({"rome": ""}, "Ce champ est obligatoire"),
        ({"commune": "999999"}, "Sélectionnez un choix valide"),
    ],
)
def test_admin_refuses_an_ineligible_offer_and_saves_nothing(admin_client, overrides, message):
    response = admin_client.post(reverse("admin:offers_joboffer_add"), offer_form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert JobOffer.objects.count() == 0


@pytest.mark.django_db
def test_admin_refuses_a_company_with_an_invalid_siret(admin_client):
    response = admin_client.post(
        reverse("admin:companies_company_add"),
        {"siret": "73282932000075", "name": "Ateliers Muller", "commune": real_commune(METZ).pk},
    )
    assert "clé de contrôle est fausse" in response.content.decode()
    assert Company.objects.count() == 0


@pytest.mark.django_db
def test_admin_refuses_a_session_ending_before_it_starts(admin_client):
    start = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "training": TrainingFactory().pk,
        "commune": real_commune(METZ).pk,
        "start_date": start.isoformat(),
        "end_date": (start - datetime.timedelta(days=1)).isoformat(),
        "funding_region": real_region().pk,
        "funded_places": "12",
        "enrolled_count": "0",
        "recruitment_open": "on",
        "internship_periods-TOTAL_FORMS": "0",
        "internship_periods-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:trainings_trainingsession_add"), data)
    assert response.status_code == 200
    assert "avant de commencer" in response.content.decode()
    assert TrainingSession.objects.count() == 0


@pytest.mark.django_db
def test_database_refuses_ineligible_contracts_even_without_forms():
    offer = OfferFactory()
    for contract_type, months in [("cdd", 5), ("cdi", 12), ("ctt", None)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            JobOffer.objects.filter(pk=offer.pk).update(
                contract_type=contract_type, contract_duration_months=months
            )
    offer.refresh_from_db()
    assert offer.contract_type == "cdi"


@pytest.mark.django_db
def test_model_validation_explains_the_six_month_rule():
    offer = OfferFactory.build(
        company=CompanyFactory(),
        contract_type="cdd",
        contract_duration_months=4,
        latitude=49.1,
        longitude=6.2,
    )
    with pytest.raises(ValidationError) as error:
        offer.full_clean()
    assert "CDI ou un CDD d'au moins 6 mois" in str(error.value)


@pytest.mark.django_db
def test_a_title_is_one_line_and_the_apply_email_goes(mailoutbox, django_capture_on_commit_callbacks):
    # Found by testing: a line break in the title broke the apply email's headers and the job that sends it.
    from tdu.candidatures.services import application
    from tdu.offers.services import create_offer
    from tests.factories import company_member, job_seeker

    company = CompanyFactory()
    offer = create_offer(
        company,
        publish=True,
        title="Soudeur\r\nBcc: tous@example.org\tTIG",
        rome=rome("H2913"),
        commune=real_commune(METZ),
        contract_type="cdi",
        description="Atelier.",
    )
    assert offer.title == "Soudeur Bcc: tous@example.org TIG"
    company_member(company=company)
    with django_capture_on_commit_callbacks(execute=True):
        application.apply(offer, seeker := job_seeker(), seeker, "Bonjour.")
    assert mailoutbox and all("\n" not in m.subject and "\r" not in m.subject for m in mailoutbox)
