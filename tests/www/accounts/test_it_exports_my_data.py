"""A person reads and downloads everything the service holds about her, with who opened her documents.

Personas: Amélie (job seeker, her path at the enrolment), Bruno (her recruiter), David (her adviser),
Zoé (another job seeker).
"""

import json

import pytest
from django.core.files.base import ContentFile

from tdu.privacy.models import AccessRecord
from tests.factories import PASSWORD
from tests.situations import candidature_at, make_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def path(client):
    cast = make_cast()
    candidature = candidature_at(cast, "enrolment_requested")
    candidature.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return cast, candidature


def as_(client, user):
    client.logout()
    assert client.login(email=user.email, password=PASSWORD)


def test_her_page_shows_her_path_and_who_opened_her_cv(client, path):
    cast, candidature = path
    as_(client, cast.bruno)
    assert client.get(f"/candidatures/{candidature.pk}/cv/").status_code == 200
    convention = candidature.conventions.get()
    assert client.get(f"/candidatures/{candidature.pk}/conventions/{convention.pk}/pdf/").status_code == 200
    as_(client, cast.amelie)
    page = client.get("/compte/mes-donnees/")
    html = page.content.decode()
    assert page.status_code == 200
    for expected in (
        cast.offer.title,
        "Bonjour, je soude depuis trois ans.",
        "Jean Muller",  # the tutor, in her convention
        "Soudeur / Soudeuse TIG",  # the job of her engagement réciproque
        "Bruno",
        "CV ouvert",
        "Convention d&#x27;immersion ouverte (PDF)",
    ):
        assert expected in html, expected
    assert "password" not in html and "pbkdf2" not in html and "md5$" not in html


def test_the_json_download_holds_everything_and_is_logged(client, path):
    cast, candidature = path
    as_(client, cast.bruno)
    client.get(f"/candidatures/{candidature.pk}/cv/")
    as_(client, cast.amelie)
    answer = client.post("/compte/mes-donnees/telecharger/", {"format": "json"})
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith('attachment; filename="mes-donnees-trait-d-union-')
    data = json.loads(answer.content)
    assert data["compte"]["adresse électronique"] == cast.amelie.email
    assert data["profil de demandeur d'emploi"]["date de naissance"] == "1995-04-12"
    (mine,) = data["candidatures"]
    assert mine["offre"] == cast.offer.title and mine["message de motivation"].startswith("Bonjour")
    assert [step["étape"] for step in mine["historique"]][:2] == ["Postuler", "Ouvrir la candidature"]
    assert mine["conventions d'immersion"][0]["nom du tuteur ou de la tutrice"] == "Jean Muller"
    assert len(mine["engagements réciproques"][0]["signatures"]) == 2
    assert mine["inscriptions en formation"] and mine["suivi à 6 et 12 mois"] == []
    kinds = {line["quoi"]: line["par"] for line in data["accès à vos données"]}
    assert (
        cast.bruno.email in kinds["CV ouvert"] and cast.amelie.email in kinds["Export de toutes les données"]
    )
    assert "password" not in answer.content.decode()
    # The export itself is in the log now.
    assert AccessRecord.objects.filter(person=cast.amelie, kind="export").count() == 1


def test_the_readable_download_opens_offline(client, path):
    cast, _ = path
    as_(client, cast.amelie)
    answer = client.post("/compte/mes-donnees/telecharger/", {"format": "html"})
    html = answer.content.decode()
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")
    assert "<h1>Mes données sur Trait d'union</h1>" in html and cast.offer.title in html
    assert "<script" not in html and "<link" not in html  # nothing to fetch


def test_follow_up_answers_are_in_the_export(client):
    cast = make_cast()
    candidature = candidature_at(cast, "hired")
    follow_up = candidature.follow_ups.filter(respondent="job_seeker").first()
    from tdu.candidatures.services import hiring

    hiring.answer_follow_up(follow_up, still_in_post=True, same_company=True, contract_now="cdi")
    as_(client, cast.amelie)
    data = json.loads(client.post("/compte/mes-donnees/telecharger/", {"format": "json"}).content)
    answers = data["candidatures"][0]["suivi à 6 et 12 mois"]
    assert any(a["toujours en poste"] is True and a["contrat actuel"] == "CDI" for a in answers), answers


def test_each_person_downloads_only_her_own_data(client, path):
    cast, _ = path
    as_(client, cast.zoe)
    data = json.loads(client.post("/compte/mes-donnees/telecharger/", {"format": "json"}).content)
    assert data["compte"]["adresse électronique"] == cast.zoe.email and data["candidatures"] == []
    assert client.get("/compte/mes-donnees/telecharger/").status_code == 405
