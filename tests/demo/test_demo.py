"""The demo data set and the national catalogue generator, through their commands."""

import io

import pytest
from django.core.management import CommandError, call_command

from tdu.candidatures.enums import FINAL_STATES, State
from tdu.candidatures.models import Candidature, FollowUp
from tdu.matching.models import SessionLink
from tdu.offers.models import JobOffer
from tdu.references.models import EmploymentArea
from tdu.stats import snapshots
from tdu.stats.models import Snapshot
from tdu.trainings.models import TrainingSession


def run(*args):
    out = io.StringIO()
    call_command(*args, "--no-progress", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_gives_a_grand_est_catalogue_and_every_state_of_the_path_once(references, client):
    out = run("load_demo")
    assert "2000 offres visibles" in out
    assert JobOffer.objects.visible().filter(commune__department__region_id="44").count() >= 2000
    assert TrainingSession.objects.funded().count() >= 300
    assert SessionLink.objects.exists()
    walked = Candidature.objects.filter(job_seeker__email__endswith="@demo.traitdunion.beta.gouv.fr")
    assert sorted(walked.values_list("state", flat=True)) == sorted(s.value for s in State)
    # Two years of history, so that every chart of the dashboards shows something.
    history = Candidature.objects.filter(
        job_seeker__email__endswith="@historique.demo.traitdunion.beta.gouv.fr"
    )
    assert history.count() == 400
    assert set(history.values_list("state", flat=True)) >= {
        "hired",
        "refused",
        "training_abandoned",
        "not_hired",
    }
    answered = FollowUp.objects.filter(candidature__in=history, answered_at__isnull=False).count()
    unanswered = FollowUp.objects.filter(
        candidature__in=history, sent_at__isnull=False, answered_at=None
    ).count()
    assert answered > 20 and unanswered > 20
    region = Snapshot.objects.get(scope="44").figures
    assert len([c for c in region["cohorts"] if c["m6"]["due"] >= 5]) >= 3
    assert region["employment"]["m6"]["rate"] and region["employment"]["m12"]["rate"]
    assert region["cost"]["per_lasting_hire"] and region["table_counts"]["sessions"] and region["exits"]
    assert EmploymentArea.objects.filter(region_id="44", name="Bassin de Metz").exists()
    assert "demandeur@demo.traitdunion.beta.gouv.fr" in out
    # Every signed document of the demo verifies: its fingerprint and each signature match its content.
    signed = 0
    for candidature in Candidature.objects.all():
        for document in [*candidature.conventions.all(), *candidature.commitments.all()]:
            assert document.content_hash == document.compute_hash(), document
            for signature in document.signatures.all():
                assert signature.content_hash == document.content_hash, (document, signature)
                signed += 1
    assert signed > 20

    before = (JobOffer.objects.count(), TrainingSession.objects.count(), Candidature.objects.count())
    again = run("load_demo")
    assert "déjà présentes" in again
    assert (JobOffer.objects.count(), TrainingSession.objects.count(), Candidature.objects.count()) == before

    # The demo answers searches around Metz, Nancy and Strasbourg.
    for commune in ["57463", "54395", "67482"]:
        data = client.get("/api/v1/offres", {"commune": commune, "rayon": 30}).json()
        assert data["resultats"], commune
        assert all(r["distance_km"] <= 30 for r in data["resultats"])
        assert all(f["distance_km"] <= 30 for r in data["resultats"] for f in r["formations"])

    # Every demo account logs in.
    for address in ["demandeur", "entreprise", "organisme", "prescripteur", "region", "admin"]:
        assert client.login(email=f"{address}@demo.traitdunion.beta.gouv.fr", password="demo-trait-d-union")

    # A demo job seeker hired two years ago downloads her data, then closes her account: the region's figures
    # stay the same (her paths are over; a path in progress would stop, counted as withdrawn).
    active = Candidature.objects.exclude(state__in=FINAL_STATES).values("job_seeker")
    hired = (
        history.filter(state="hired", follow_ups__answered_at__isnull=False)
        .exclude(job_seeker__in=active)
        .first()
    )
    person = hired.job_seeker
    person.set_password("demo-trait-d-union")
    person.save()
    client.logout()
    assert client.login(email=person.email, password="demo-trait-d-union")
    exported = client.post("/compte/mes-donnees/telecharger/", {"format": "json"}).json()
    assert hired.offer.title in [c["offre"] for c in exported["candidatures"]]
    snapshots.refresh_all()
    before = Snapshot.objects.get(scope="44").figures
    closed = client.post("/compte/fermer/", {"password": "demo-trait-d-union", "confirm": "on"})
    assert closed.status_code == 302
    snapshots.refresh_all()
    after = Snapshot.objects.get(scope="44").figures
    for key in ("funnel", "employment", "exits", "cohorts", "cost"):
        assert after[key] == before[key], key


@pytest.mark.django_db
def test_generate_catalogue_is_weighted_by_population_and_refuses_the_same_seed_twice(references):
    out = run("generate_catalogue", "--offers", "3000", "--sessions", "300", "--seed", "5")
    assert JobOffer.objects.count() == 3000
    assert TrainingSession.objects.count() == 300
    assert SessionLink.objects.exists()
    # Weighted by population: Paris (arrondissements) gets more offers than all of Lozère.
    paris = JobOffer.objects.filter(commune__parent__code="75056").count()
    lozere = JobOffer.objects.filter(commune__department_id="48").count()
    assert paris > lozere
    assert "3" in out
    with pytest.raises(CommandError, match="--replace"):
        run("generate_catalogue", "--offers", "10", "--sessions", "1", "--seed", "5")
    run("generate_catalogue", "--offers", "100", "--sessions", "10", "--seed", "5", "--replace")
    assert JobOffer.objects.count() == 100


@pytest.mark.django_db
def test_batch_commands_refuse_a_dry_run_they_could_not_roll_back():
    with pytest.raises(CommandError, match="--dry-run n'est pas disponible"):
        run("process_deadlines", "--dry-run")
    with pytest.raises(CommandError, match="--dry-run n'est pas disponible"):
        run("run_jobs", "--dry-run")
