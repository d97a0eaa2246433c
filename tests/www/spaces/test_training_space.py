"""Training organisation space: trainings and sessions, whose changes the search shows at once."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tdu.organisations import funding
from tdu.trainings.models import Training, TrainingSession
from tests.factories import (
    NANCY,
    FundedSessionFactory,
    OfferFactory,
    OrganisationFactory,
    TrainingFactory,
    real_commune,
    real_region,
    rome,
    training_member,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def text(response):
    return html.unescape(response.content.decode())


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def periods(*rows, initial=0):
    """The internship periods formset: rows of (start, end, label), then one empty row."""
    data = {"periodes-TOTAL_FORMS": str(len(rows) + 1), "periodes-INITIAL_FORMS": str(initial)}
    for i, (start, end, label) in enumerate([*rows, ("", "", "")]):
        data.update(
            {f"periodes-{i}-start_date": start, f"periodes-{i}-end_date": end, f"periodes-{i}-label": label}
        )
    return data


def session_data(training, *rows, **overrides):
    data = {
        "training": str(training.pk),
        "commune": "Metz",
        "address": "",
        "start_date": day(30),
        "end_date": day(210),
        "funding_region": "44",
        "funded_places": "12",
        "recruitment_open": "on",
        **periods(*rows),
    }
    data.update(overrides)
    return data


@pytest.fixture
def organisation():
    return OrganisationFactory(name="GRETA Lorraine Nord")


@pytest.fixture
def chloe(client, organisation):
    real_commune()
    real_region()
    rome()
    user = training_member(organisation=organisation)
    client.force_login(user)
    return user


@pytest.fixture
def training(organisation):
    return TrainingFactory(organisation=organisation, title="Soudeur assembleur")


def urls(organisation, session):
    siret = organisation.siret
    return [
        ("get", reverse("spaces:training_sessions", args=[siret])),
        ("get", reverse("spaces:training_create", args=[siret])),
        ("get", reverse("spaces:session_create", args=[siret])),
        ("get", reverse("spaces:session_edit", args=[siret, session.pk])),
        ("post", reverse("spaces:session_recruitment", args=[siret, session.pk])),
    ]


def test_anonymous_people_are_sent_to_the_login_page(client):
    session = FundedSessionFactory()
    for method, url in urls(session.training.organisation, session):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_someone_outside_the_organisation_gets_a_404_and_changes_nothing(client, chloe, organisation):
    other = FundedSessionFactory()
    for method, url in urls(other.training.organisation, other):
        assert getattr(client, method)(url, {"recrutement": "fermer"}).status_code == 404
    own = organisation.siret
    assert client.get(reverse("spaces:session_edit", args=[own, other.pk])).status_code == 404
    assert (
        client.post(
            reverse("spaces:session_recruitment", args=[own, other.pk]), {"recrutement": "fermer"}
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.recruitment_open


def test_the_page_lists_trainings_and_sessions_with_their_places(client, chloe, organisation, training):
    FundedSessionFactory(training=training, funded_places=12, enrolled_count=5, commune=real_commune(NANCY))
    FundedSessionFactory(training__title="Formation d'un autre organisme")
    response = client.get(reverse("spaces:training_sessions", args=[organisation.siret]))
    page = text(response)
    assert response.status_code == 200
    assert "Soudeur assembleur" in page and "RNCP35474" in page and "H2913" in page
    assert "Nancy (54000)" in page and "<td>12</td>" in page and "<td>5</td>" in page and "<td>7</td>" in page
    assert "Formation d'un autre organisme" not in page
    for name in ("training_create", "session_create"):
        assert client.get(reverse(f"spaces:{name}", args=[organisation.siret])).status_code == 200


def test_a_training_is_created_with_its_rome_codes(client, chloe, organisation):
    rome("H2914", "Réalisation en soudure")
    response = client.post(
        reverse("spaces:training_create", args=[organisation.siret]),
        {
            "title": "Titre professionnel soudeur",
            "certification_code": "rncp 35474",
            "rome_codes": "H2913, H2914",
            "entry_level": "0",
            "exit_level": "3",
            "description": "",
        },
    )
    assert response.status_code == 302
    training = Training.objects.get(organisation=organisation)
    assert training.certification_code == "RNCP35474"
    assert sorted(training.rome_codes.values_list("code", flat=True)) == ["H2913", "H2914"]


def test_words_matching_several_jobs_offer_them_as_checkboxes(client, chloe, organisation):
    rome("H2914", "Réalisation en soudure")
    rome("H2915", "Soudure manuelle")
    url = reverse("spaces:training_create", args=[organisation.siret])
    data = {
        "title": "Titre professionnel soudeur",
        "certification_code": "",
        "rome_codes": "soud",
        "entry_level": "0",
        "exit_level": "3",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    page = text(response)
    assert "Plusieurs métiers correspondent à « soud » : cochez dans la liste ci-dessous" in page
    for code, label in [("H2913", "Soudeur / Soudeuse"), ("H2914", "Réalisation en soudure")]:
        assert f'<input type="checkbox" id="metiers-1-{code}" name="rome_code" value="{code}">' in page
        assert f'{label} <span class="fr-hint-text">code ROME {code}</span></label>' in page
    assert 'type="radio"' not in page and "Plusieurs métiers correspondent à « soud » : indiquez" not in page
    assert not Training.objects.exists()

    response = client.post(url, {**data, "rome_codes": "soud, Z9999", "rome_code": ["H2914", "H2915"]})
    assert response.status_code == 400  # another problem: the boxes stay ticked
    page = text(response)
    assert 'value="H2914" checked>' in page and 'value="H2915" checked>' in page and 'value="H2913">' in page
    assert not Training.objects.exists()

    response = client.post(url, {**data, "rome_code": ["H2914", "H2915"]})
    assert response.status_code == 302
    training = Training.objects.get(organisation=organisation)
    assert sorted(training.rome_codes.values_list("code", flat=True)) == ["H2914", "H2915"]


def test_a_code_ticked_that_the_words_do_not_match_is_refused(client, chloe, organisation):
    rome("H2914", "Réalisation en soudure")
    data = {
        "title": "Soudeur",
        "rome_codes": "soud",
        "entry_level": "0",
        "exit_level": "3",
        "rome_code": "A1101",
    }
    response = client.post(reverse("spaces:training_create", args=[organisation.siret]), data)
    assert response.status_code == 400
    assert "cochez dans la liste ci-dessous" in text(response)
    assert not Training.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rome_codes": ""}, "Indiquez au moins un métier (code ROME)."),
        ({"rome_codes": "H2913, Z9999"}, "Code ROME inconnu : « Z9999 »."),
        ({"certification_code": "ABC"}, "Code de certification mal formé"),
        ({"entry_level": "9"}, "Sélectionnez un choix valide"),
    ],
)
def test_a_bad_training_gets_a_400_and_nothing_is_written(client, chloe, organisation, overrides, message):
    data = {
        "title": "Soudeur",
        "certification_code": "",
        "rome_codes": "H2913",
        "entry_level": "0",
        "exit_level": "3",
    }
    response = client.post(
        reverse("spaces:training_create", args=[organisation.siret]), {**data, **overrides}
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not Training.objects.exists()


def test_a_session_is_created_with_its_internship_periods_and_found_by_the_search(
    client, chloe, organisation, training
):
    offer = OfferFactory()
    response = client.post(
        reverse("spaces:session_create", args=[organisation.siret]),
        session_data(training, (day(60), day(74), "Stage en atelier")),
    )
    assert response.status_code == 302, text(response)
    session = TrainingSession.objects.get()
    assert session.training == training and session.funding_region_id == "44" and session.funded_places == 12
    assert list(session.internship_periods.values_list("label", flat=True)) == ["Stage en atelier"]
    # Declared funded by the organisation: the search waits for the region (tests/www/spaces/test_it_confirm_funding.py).
    assert "financement à confirmer" in text(
        client.get(reverse("spaces:training_sessions", args=[organisation.siret]))
    )
    assert client.get("/api/v1/offres", {"commune": "57463"}).json()["resultats"] == []
    funding.confirm_funding(session, session.funding_region)
    found = client.get("/api/v1/offres", {"commune": "57463"}).json()["resultats"]
    assert [r["id"] for r in found] == [offer.pk]


@pytest.mark.parametrize(
    ("rows", "overrides", "message"),
    [
        ((), {"end_date": day(10)}, "avant de commencer"),
        ((), {"start_date": ""}, "Ce champ est obligatoire."),
        ((), {"commune": "Atlantide"}, "Aucune commune ne correspond"),
        ((), {"funding_region": "11"}, "Sélectionnez un choix valide"),
        ((), {"funded_places": "-1"}, "supérieure ou égale à 0"),
        (((day(10), day(20), ""),), {}, "doit se situer pendant la session"),
        (((day(60), day(50), ""),), {}, "se termine avant de commencer"),
        (((day(60), "", ""),), {}, "Indiquez le début et la fin de la période en entreprise."),
        (((day(60), day(70), ""), (day(65), day(80), "")), {}, "se chevauchent"),
    ],
)
def test_a_bad_session_gets_a_400_and_nothing_is_written(
    client, chloe, organisation, training, rows, overrides, message
):
    real_region("11")
    response = client.post(
        reverse("spaces:session_create", args=[organisation.siret]),
        session_data(training, *rows, **overrides),
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not TrainingSession.objects.exists()


def test_a_training_of_another_organisation_cannot_be_chosen(client, chloe, organisation, training):
    foreign = TrainingFactory()
    response = client.post(reverse("spaces:session_create", args=[organisation.siret]), session_data(foreign))
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)
    assert not TrainingSession.objects.exists()


def test_editing_a_session_keeps_funded_places_above_places_taken(client, chloe, organisation, training):
    session = FundedSessionFactory(training=training, funded_places=12, enrolled_count=8)
    session.internship_periods.create(
        start_date=session.start_date, end_date=session.start_date, label="Ancienne"
    )
    url = reverse("spaces:session_edit", args=[organisation.siret, session.pk])
    page = text(client.get(url))
    assert "Metz (57000)" in page and 'value="Ancienne"' in page
    response = client.post(url, session_data(training, funded_places="5"))
    assert response.status_code == 400
    assert "8 places déjà occupées : les places financées ne peuvent pas descendre en dessous." in text(
        response
    )
    session.refresh_from_db()
    assert session.funded_places == 12 and session.internship_periods.count() == 1
    # The periods are replaced by those of the form (none here): the old one is removed.
    real_commune(NANCY)
    response = client.post(url, session_data(training, funded_places="8", commune=NANCY))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.funded_places == 8 and session.commune.code == NANCY
    assert session.latitude == session.commune.latitude
    assert not session.internship_periods.exists()


def test_a_session_closed_here_disappears_from_the_search_at_once(client, chloe, organisation, training):
    offer = OfferFactory()
    session = FundedSessionFactory(training=training)
    search = {"commune": "57463"}
    assert [r["id"] for r in client.get("/api/v1/offres", search).json()["resultats"]] == [offer.pk]
    url = reverse("spaces:session_recruitment", args=[organisation.siret, session.pk])
    assert client.post(url, {"recrutement": "fermer"}).status_code == 302
    session.refresh_from_db()
    assert not session.recruitment_open
    assert client.get("/api/v1/offres", search).json()["resultats"] == []
    assert client.post(url, {"recrutement": "ouvrir"}).status_code == 302
    assert [r["id"] for r in client.get("/api/v1/offres", search).json()["resultats"]] == [offer.pk]


def test_a_session_edited_here_to_have_no_funding_disappears_from_the_search(
    client, chloe, organisation, training
):
    OfferFactory()
    session = FundedSessionFactory(training=training)
    url = reverse("spaces:session_edit", args=[organisation.siret, session.pk])
    response = client.post(url, session_data(training, funding_region="", funded_places="0"))
    assert response.status_code == 302
    assert client.get("/api/v1/offres", {"commune": "57463"}).json()["resultats"] == []


def test_recruitment_of_a_finished_session_cannot_be_reopened(client, chloe, organisation, training):
    session = FundedSessionFactory(
        training=training,
        start_date=TODAY - datetime.timedelta(days=90),
        end_date=TODAY - datetime.timedelta(days=1),
        recruitment_open=False,
    )
    url = reverse("spaces:session_recruitment", args=[organisation.siret, session.pk])
    response = client.post(url, {"recrutement": "ouvrir"})
    assert response.status_code == 400
    assert "Cette session est terminée" in text(response)
    assert client.post(url, {"recrutement": "peut-être"}).status_code == 400
    session.refresh_from_db()
    assert not session.recruitment_open


def test_a_region_that_does_not_fund_trainings_is_refused(client, chloe, organisation, training):
    session = FundedSessionFactory(training=training, funding_region=real_region("11"))
    url = reverse("spaces:session_edit", args=[organisation.siret, session.pk])
    assert "Île-de-France" in text(client.get(url))  # the current region stays selectable
    response = client.post(url, session_data(training, funding_region="11", funded_places="20"))
    assert response.status_code == 400
    assert "La Région Île-de-France ne finance pas encore de formations sur Trait d'union." in text(response)
    session.refresh_from_db()
    assert session.funded_places == 12
