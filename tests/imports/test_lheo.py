"""import_lheo: the real Carif-Oref feeds of ../shared (skipped when absent) and our own feeds, through the command."""

import datetime
import io
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tdu.demo.feeds import LheoSession, lheo_feed
from tdu.imports.models import ImportRun
from tdu.trainings.models import SessionFunding, Training, TrainingOrganisation, TrainingSession
from tests.factories import real_commune, real_region, rome
from tests.imports.servers import FileServer
from tests.paths import SHARED_DATA

LHEO = SHARED_DATA / "lheo"
needs_shared = pytest.mark.skipif(not (LHEO / "lheo-2.3.xsd").exists(), reason="../shared/data/lheo absent")
pytestmark = [pytest.mark.django_db, needs_shared]


PLACES = ["57463", "54395", "37266", "29233"]  # Metz, Nancy, Veigné, Quimperlé


@pytest.fixture
def grand_est(db):
    for code in PLACES:
        real_commune(code)
    for code, label in [
        ("H2913", "Soudeur / Soudeuse"),
        ("F1604", "Plaquiste"),
        ("D1402", "Vente"),
        ("D1403", "Vente"),
        ("D1408", "Vente"),
    ]:
        rome(code, label)
    return real_region("44")


def run(source, *options):
    out = io.StringIO()
    call_command("import_lheo", str(source), "--region", "44", "--no-progress", *options, stdout=out)
    return out.getvalue()


def feed(tmp_path, sessions, name="flux.xml", **kwargs):
    path = tmp_path / name
    path.write_bytes(lheo_feed(sessions, **kwargs))
    return path


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (TrainingOrganisation, Training, TrainingSession, SessionFunding)
    ]


def test_the_real_intercarif_feed_imports_once(grand_est):
    out = run(LHEO / "trefle-intercarif-lheo22-formation.xml")
    assert "2 créé(s)" in out and "0 rejeté(s)" in out
    training = Training.objects.get()
    assert training.title == "Titre professionnel plaquiste"
    assert (training.certification_code, training.certif_info_code) == ("RNCP320", "80735")
    assert list(training.rome_codes.values_list("code", flat=True)) == ["F1604"]
    assert training.formacodes == ["22403", "22402"]
    assert (training.entry_level, training.exit_level) == (0, 3)
    assert training.organisation.siret == "82422814201874" and training.organisation.name == "AFPA de Veigné"
    funded, other = (
        TrainingSession.objects.get(external_id__endswith=":123324"),
        TrainingSession.objects.get(external_id__endswith=":114782"),
    )
    # Only the regional council's places count; the other funders are kept, per funder.
    assert (funded.funding_region_id, funded.funded_places) == ("44", 5)
    assert (other.funding_region_id, other.funded_places) == (None, 0)
    assert dict(other.fundings.values_list("funder_code", "places")) == {"10": 4, "5": 4}
    assert funded.commune.code == "37266" and funded.commune.name == "Veigné"
    assert (funded.start_date, funded.end_date) == (datetime.date(2017, 10, 30), datetime.date(2018, 6, 1))
    assert (funded.registration_start, funded.registration_end) == (None, datetime.date(2018, 5, 22))
    assert not funded.links.exists()  # over since 2018
    assert "terminée le 01/06/2018" in out

    before = snapshot()
    again = run(LHEO / "trefle-intercarif-lheo22-formation.xml")
    assert "0 créé(s), 0 mis à jour, 2 inchangé(s)" in again
    assert snapshot() == before  # not even a timestamp moved


def test_the_onisep_example_imports(grand_est):
    run(LHEO / "lheo-schema-exemple-bts-onisep.xml")
    session = TrainingSession.objects.get()
    assert session.training.title == "BTS négociation et relation client"
    assert session.commune.code == "29233"
    assert session.training.exit_level == 5


@pytest.mark.parametrize("mode", [(), ("--all-or-nothing",)])
def test_the_malformed_feed_is_refused_with_french_messages_and_writes_nothing(grand_est, mode):
    before = snapshot()
    if mode:
        with pytest.raises(CommandError) as error:
            run(LHEO / "anotea-intercarif-data-test.xml", *mode)
        text = str(error.value)
        assert "Le flux ne respecte pas le schéma LHEO : rien n'a été importé." in text
    else:
        text = run(LHEO / "anotea-intercarif-data-test.xml")
        assert "1 rejeté(s)" in text
    assert "ligne 14 : élément « coordonneFs » inattendu à cet endroit" in text
    assert "ligne 434 : « SIRET » : 15 caractères, 14 au plus." in text
    assert "ligne 521" in text and "ligne 528" in text
    assert snapshot() == before


def test_feeds_in_2_2_2_3_or_without_namespace_all_import(grand_est, tmp_path):
    for n, namespace in enumerate(["http://www.lheo.org/2.2", "http://lheo.gouv.fr/2.3", ""]):
        run(feed(tmp_path, [LheoSession(f"S{n}", formation=f"F{n}")], namespace=namespace))
    assert TrainingSession.objects.count() == 3


def test_sessions_that_cannot_be_proposed_are_rejected_with_their_reason(grand_est, tmp_path):
    sessions = [
        LheoSession("OK"),
        LheoSession("NODATE", formation="F2", start="00000000"),
        LheoSession("POSTCODE", formation="F3", insee="57000"),
        LheoSession("SIRET", formation="F4", siret="12345678901234"),
        LheoSession("NOROME", formation="F5", rome_codes=("Z9999",)),
    ]
    rejects = tmp_path / "rejets.csv"
    out = run(feed(tmp_path, sessions), "--rejects", str(rejects))
    assert "1 créé(s)" in out and "4 rejeté(s)" in out
    report = rejects.read_text(encoding="utf-8")
    assert "session NODATE;periode/debut;Date de début inconnue (00000000)" in report
    assert (
        "session POSTCODE;code INSEE;« 57000 » n'est pas un code INSEE de commune : ceci ressemble à un code postal"
        in report
    )
    assert "session SIRET;SIRET;" in report
    assert "session NOROME;code-ROME;Aucun code ROME connu (Z9999)" in report
    with pytest.raises(CommandError, match="rien n'a été importé"):
        run(feed(tmp_path, sessions, name="autre.xml"), "--all-or-nothing")


def test_a_place_known_only_by_its_coordinates_goes_to_the_nearest_commune(grand_est, tmp_path):
    run(
        feed(tmp_path, [LheoSession("GEO", insee=None, postcode="54000", latitude=48.6937, longitude=6.1834)])
    )
    assert TrainingSession.objects.get().commune.name == "Nancy"


def test_funded_sessions_reach_the_search_and_a_full_feed_closes_what_vanished(grand_est, tmp_path, client):
    from tdu.candidatures.services import application
    from tests.factories import OfferFactory, job_seeker

    offer = OfferFactory()  # a welder's CDI in Metz
    run(feed(tmp_path, [LheoSession("A"), LheoSession("B", fundings={"2": 3, "4": 2})]), "--full")
    search = client.get("/api/v1/offres", {"commune": "57463"}).json()
    assert [hit["id"] for hit in search["resultats"]] == [offer.pk]
    places = sorted(f["places_restantes"] for f in search["resultats"][0]["formations"])
    assert places == [3, 12]
    seeker = job_seeker()
    application.apply(offer, seeker, seeker, "Bonjour")

    out = run(feed(tmp_path, [LheoSession("A")], name="sans-B.xml"), "--full")
    assert "1 fermé(s)" in out
    closed = TrainingSession.objects.get(external_id__endswith=":B")  # closed, not deleted
    assert closed.closed_at is not None and not closed.recruitment_open and not closed.links.exists()
    search = client.get("/api/v1/offres", {"commune": "57463"}).json()
    assert [f["places_restantes"] for f in search["resultats"][0]["formations"]] == [12]
    # Without --full, a feed that lists other sessions closes nothing.
    assert "0 fermé(s)" in run(feed(tmp_path, [LheoSession("C")], name="seulement-C.xml"))
    assert TrainingSession.objects.get(external_id__endswith=":A").closed_at is None


def test_a_region_not_open_on_the_service_is_refused(grand_est, tmp_path):
    grand_est.is_deployed = False
    grand_est.save()
    with pytest.raises(CommandError, match="n'est pas ouverte sur Trait d'union"):
        run(feed(tmp_path, [LheoSession("A")]))
    assert not TrainingSession.objects.exists()
    assert ImportRun.objects.get().status == "failed"


def test_sources_standard_input_file_and_http_urls(grand_est, tmp_path, monkeypatch):
    body = lheo_feed([LheoSession("STDIN")])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    run("-")
    run(feed(tmp_path, [LheoSession("FILE")]).as_uri())
    with FileServer(lheo_feed([LheoSession("HTTP")])) as server:
        run(server.url)
    assert sorted(s.external_id.rsplit(":", 1)[1] for s in TrainingSession.objects.all()) == [
        "FILE",
        "HTTP",
        "STDIN",
    ]
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run(tmp_path / "absent.xml")


def test_each_run_is_recorded_and_two_runs_never_overlap(grand_est, tmp_path):
    from tdu.imports import runs

    run(feed(tmp_path, [LheoSession("A")]))
    done = ImportRun.objects.get()
    assert (done.source, done.region_id, done.status, done.created) == ("lheo", "44", "succeeded", 1)
    ImportRun.objects.create(source="lheo", region=grand_est, lock_key="lheo:44", started_at=timezone.now())
    with pytest.raises(CommandError, match="déjà en cours"):
        run(feed(tmp_path, [LheoSession("A")]))
    # A run left "running" by a dead process does not block the next one for ever.
    ImportRun.objects.filter(status="running").update(started_at=timezone.now() - runs.STALE_AFTER * 2)
    run(feed(tmp_path, [LheoSession("A")]))
    assert ImportRun.objects.filter(status="succeeded").count() == 2


def test_the_nightly_job_imports_each_region_s_feed_and_alerts_its_staff_when_it_fails(
    grand_est, tmp_path, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories import region_staff

    elise = region_staff()
    with FileServer(lheo_feed([LheoSession("NIGHT")])) as server:
        grand_est.lheo_feed_url = server.url
        grand_est.save()
        call_command("run_jobs", "--no-progress", stdout=io.StringIO())
        call_command("run_jobs", "--no-progress", stdout=io.StringIO())
        grand_est.lheo_feed_url = server.url.replace("flux.xml", "absent.xml")
        grand_est.save()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_jobs", "--no-progress", stdout=io.StringIO())
    assert TrainingSession.objects.get().external_id.endswith(":NIGHT")
    ok, again, failed = ImportRun.objects.order_by("id")
    assert (ok.created, again.unchanged, failed.status) == (1, 1, "failed")
    assert "a répondu 404" in failed.message
    (alert,) = [m for m in mail.outbox if m.to == [elise.email]]
    assert alert.subject == "[Trait d'union] Import à vérifier : Offre de formation (flux LHEO du Carif-Oref)"
    assert "a échoué" in alert.body and "/espace/region/44/imports/" in alert.body
