"""Region space: the region's candidatures (and cancelling a path), its companies and organisations."""

import html

import pytest
from django.urls import reverse

from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature, TransitionLog
from tdu.organisations.models import PrescriberOrganisation
from tests.factories import (
    STRASBOURG,
    FundedSessionFactory,
    OfferFactory,
    job_seeker,
    prescriber_organisation,
    real_commune,
    real_region,
    region_staff,
)

pytestmark = pytest.mark.django_db
PARIS = "75056"


def text(response):
    return html.unescape(response.content.decode())


def candidature(offer=None, state=State.SENT, email="amelie.martin@example.org", first_name="Amélie"):
    offer = offer or OfferFactory()
    person = job_seeker(email=email, first_name=first_name)
    return Candidature.objects.create(
        job_seeker=person,
        offer=offer,
        company=offer.company,
        applied_by=person,
        message="Je suis motivée.",
        state=state,
    )


@pytest.fixture
def elise(client):
    user = region_staff()
    client.force_login(user)
    return user


def urls(code, candidature_pk):
    return [
        reverse("spaces:region_home", args=[code]),
        reverse("spaces:region_cancel", args=[code, candidature_pk]),
        reverse("spaces:region_organisations", args=[code]),
        reverse("spaces:region_prescriber_create", args=[code]),
    ]


def test_anonymous_people_are_sent_to_the_login_page(client):
    real_region()
    for url in urls("44", candidature().pk):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_people_outside_the_region_team_get_a_404_and_change_nothing(client):
    sent = candidature()
    client.force_login(region_staff(region="11", email="ile-de-france@example.org"))
    for url in urls("44", sent.pk):
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"reason": "Test", "kind": "other", "name": "X", "commune": "Metz"}).status_code
            == 404
        )
    # A candidature of another region, reached through her own region's code, is not found either.
    assert client.get(reverse("spaces:region_cancel", args=["11", sent.pk])).status_code == 404
    assert client.get(reverse("spaces:region_home", args=["99"])).status_code == 404
    sent.refresh_from_db()
    assert sent.state == State.SENT
    assert not PrescriberOrganisation.objects.exists()


def test_the_home_counts_candidatures_by_state_and_filters_them(client, elise):
    offer = OfferFactory(title="Soudeur à Metz")
    candidature(offer, State.SENT)
    candidature(offer, State.REFUSED, email="b@example.org", first_name="Béatrice")
    candidature(
        OfferFactory(title="Offre en Île-de-France", commune=real_commune(PARIS)),
        email="c@example.org",
        first_name="Camille",
    )
    response = client.get(reverse("spaces:region_home", args=["44"]))
    page = text(response)
    assert response.status_code == 200
    assert "2 candidatures pour des offres situées dans la Région." in page
    assert "Amélie" in page and "Béatrice" in page and "Camille" not in page
    page = text(client.get(reverse("spaces:region_home", args=["44"]), {"etat": "refused"}))
    assert "Béatrice" in page and "Amélie" not in page
    response = client.get(reverse("spaces:region_home", args=["44"]), {"etat": "perdue"})
    assert response.status_code == 400
    assert "État inconnu : choisissez dans la liste." in text(response)


def test_cancelling_a_path_requires_a_reason(client, elise):
    sent = candidature()
    url = reverse("spaces:region_cancel", args=["44", sent.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "Indiquez le motif de l'annulation." in text(response)
    sent.refresh_from_db()
    assert sent.state == State.SENT and not TransitionLog.objects.exists()
    response = client.post(url, {"reason": "La personne a déménagé."})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.state == State.CANCELLED and sent.exit_reason == "La personne a déménagé."
    assert TransitionLog.objects.get().actor == elise


def test_a_finished_candidature_cannot_be_cancelled_and_the_reason_is_shown(client, elise):
    refused = candidature(state=State.REFUSED)
    response = client.post(reverse("spaces:region_cancel", args=["44", refused.pk]), {"reason": "Doublon"})
    assert response.status_code == 400
    assert "Action impossible : la candidature est « Refusée »." in text(response)
    refused.refresh_from_db()
    assert refused.state == State.REFUSED


def test_the_region_lists_its_companies_training_organisations_and_prescribers(client, elise):
    OfferFactory(company__name="Ateliers Schmitt")
    OfferFactory(company__name="Entreprise parisienne", commune=real_commune(PARIS))
    FundedSessionFactory(training__organisation__name="GRETA Lorraine Nord")
    FundedSessionFactory(training__organisation__name="Organisme non financé", funding_region=None)
    prescriber_organisation()
    page = text(client.get(reverse("spaces:region_organisations", args=["44"])))
    assert "Ateliers Schmitt" in page and "Entreprise parisienne" not in page
    assert "GRETA Lorraine Nord" in page and "Organisme non financé" not in page
    assert "France Travail Metz" in page


def test_a_prescriber_organisation_is_created_in_the_region(client, elise):
    real_commune(STRASBOURG)
    url = reverse("spaces:region_prescriber_create", args=["44"])
    assert client.get(url).status_code == 200
    data = {
        "kind": "mission_locale",
        "name": "Mission locale de Strasbourg",
        "commune": "Strasbourg",
        "email": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    organisation = PrescriberOrganisation.objects.get()
    assert organisation.region_id == "44" and organisation.commune.code == STRASBOURG
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Une structure porte déjà ce nom dans la Région." in text(response)
    assert PrescriberOrganisation.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"commune": "Paris"}, "Paris (75001) n'est pas dans la Région Grand Est."),
        ({"commune": ""}, "Indiquez la commune de la structure."),
        ({"kind": "association"}, "Sélectionnez un choix valide"),
        ({"name": ""}, "Ce champ est obligatoire."),
        ({"email": "contact@"}, "Adresse électronique invalide"),
    ],
)
def test_a_bad_prescriber_organisation_gets_a_400_and_nothing_is_written(client, elise, overrides, message):
    real_commune()
    real_commune(PARIS)
    data = {"kind": "france_travail", "name": "France Travail", "commune": "Metz", "email": "", **overrides}
    response = client.post(reverse("spaces:region_prescriber_create", args=["44"]), data)
    assert response.status_code == 400
    assert message in text(response)
    assert not PrescriberOrganisation.objects.exists()


def test_the_region_sees_its_last_imports_and_downloads_their_rejects(client, elise, tmp_path):
    import io

    from django.core.management import call_command

    from tdu.imports.models import ImportRun
    from tests.factories import real_commune, rome

    real_commune("57463"), rome("H2913")
    path = tmp_path / "offres.csv"
    path.write_text(
        "siret_entreprise,nom_entreprise,commune,intitule,code_rome,type_contrat,identifiant\n"
        "73282932000074,Ateliers Muller,57000,Soudeur,H2913,CDI,x\n",
        encoding="utf-8",
    )
    call_command("import_offers", str(path), "--partial", "--no-progress", stdout=io.StringIO())
    run = ImportRun.objects.get()
    run.region_id = "44"
    run.save()
    page = text(client.get("/espace/region/44/imports/"))
    assert "Fichier CSV d'offres" in page and "Rejets (CSV)" in page
    report = client.get(f"/espace/region/44/imports/{run.pk}/rejets.csv")
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    assert "ceci ressemble à un code postal" in report.content.decode()
