import io

import pytest
from django.core.management import CommandError, call_command

from tdu.companies.models import Company
from tdu.offers.models import JobOffer
from tdu.trainings.models import TrainingSession
from tests.factories import METZ, NANCY, real_commune, real_region, rome

OFFERS_HEADER = (
    "siret_entreprise,nom_entreprise,commune,intitule,code_rome,type_contrat,duree_mois,postes,identifiant\n"
)
SESSIONS_HEADER = (
    "siret_organisme;nom_organisme;intitule_formation;certification;codes_rome;niveau_entree;niveau_sortie;"
    "commune;date_debut;date_fin;places_financees;region_financeuse;recrutement_ouvert;identifiant\n"
)


@pytest.fixture
def catalogue_references(db):
    real_commune(METZ)
    real_commune(NANCY)
    real_region("44")
    rome("H2913")
    rome("F1703", "Maçon / Maçonne")


def import_file(tmp_path, command, text):
    path = tmp_path / "import.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command(command, str(path), "--no-progress", stdout=out)
    return out.getvalue()


def test_offers_import_creates_then_updates(tmp_path, catalogue_references):
    text = OFFERS_HEADER + (
        "732 829 320 00074,Ateliers Muller,57463,Soudeur TIG,H2913,CDI,,2,ft-1\n"
        "73282932000074,Ateliers Muller,54395,Maçon,F1703,cdd,12,1,ft-2\n"
    )
    assert "2 créé(s)" in import_file(tmp_path, "import_offers", text)
    assert Company.objects.count() == 1
    offer = JobOffer.objects.get(external_id="ft-2")
    assert (offer.contract_type, offer.contract_duration_months, offer.commune.name) == ("cdd", 12, "Nancy")
    assert offer.is_visible
    assert "0 créé(s), 1 mis à jour, 1 inchangé(s)" in import_file(
        tmp_path, "import_offers", text.replace("Soudeur TIG", "Soudeur MIG")
    )
    assert JobOffer.objects.get(external_id="ft-1").title == "Soudeur MIG"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "73282932000075,Ateliers Muller,57463,Soudeur,H2913,CDI,,1,x",
            "ligne 3 : siret_entreprise : Le SIRET",
        ),
        (
            "73282932000074,Ateliers Muller,99999,Soudeur,H2913,CDI,,1,x",
            "ligne 3 : commune : Commune inconnue",
        ),
        (
            "73282932000074,Ateliers Muller,57463,Soudeur,H2913,CDD,3,1,x",
            "ligne 3 : type_contrat : Un CDD de 3 mois",
        ),
        (
            "73282932000074,Ateliers Muller,57463,Soudeur,H2913,interim,,1,x",
            "ligne 3 : type_contrat : Type de contrat",
        ),
        (
            "73282932000074,Ateliers Muller,57463,Soudeur,,CDI,,1,x",
            "ligne 3 : code_rome : Code ROME manquant",
        ),
        (
            "73282932000074,Ateliers Muller,57463,Soudeur,h29,CDI,,1,x",
            "ligne 3 : code_rome : Le code ROME « H29 »",
        ),
    ],
)
def test_offers_import_refuses_the_whole_file_naming_the_line(tmp_path, catalogue_references, line, message):
    text = OFFERS_HEADER + "73282932000074,Ateliers Muller,57463,Soudeur,H2913,CDI,,1,ok-1\n" + line + "\n"
    with pytest.raises(CommandError) as error:
        import_file(tmp_path, "import_offers", text)
    assert message in str(error.value)
    assert "rien n'a été importé" in str(error.value)
    assert JobOffer.objects.count() == 0
    assert Company.objects.count() == 0


def test_offers_import_refuses_a_file_without_the_columns(tmp_path, catalogue_references):
    with pytest.raises(CommandError, match="Colonnes manquantes : code_rome"):
        import_file(
            tmp_path,
            "import_offers",
            "siret_entreprise,nom_entreprise,commune,intitule,type_contrat,identifiant\n",
        )


def test_sessions_import_and_its_errors(tmp_path, catalogue_references):
    good = "73282932000074;GRETA;Soudeur;RNCP1;H2913 F1703;0;3;57463;2030-01-10;10/06/2030;12;44;oui;s-1\n"
    bad = "73282932000074;GRETA;Soudeur;RNCP1;H2913;0;3;57463;2030-03-10;2030-01-10;12;44;oui;s-2\n"
    with pytest.raises(CommandError) as error:
        import_file(tmp_path, "import_sessions", SESSIONS_HEADER + good + bad)
    assert "ligne 3 : date_fin : La session se termine (10/01/2030) avant de commencer (10/03/2030)" in str(
        error.value
    )
    assert TrainingSession.objects.count() == 0

    assert "1 créé(s)" in import_file(tmp_path, "import_sessions", SESSIONS_HEADER + good)
    session = TrainingSession.objects.get()
    assert session.funding_region_id == "44"
    assert session.end_date.isoformat() == "2030-06-10"
    assert sorted(session.training.rome_codes.values_list("code", flat=True)) == ["F1703", "H2913"]


def test_sessions_import_refuses_unknown_region(tmp_path, catalogue_references):
    line = "73282932000074;GRETA;Soudeur;;H2913;;;57463;2030-01-10;2030-06-10;12;99;;s-1\n"
    with pytest.raises(CommandError, match="ligne 2 : region_financeuse : Région inconnue"):
        import_file(tmp_path, "import_sessions", SESSIONS_HEADER + line)


def test_partial_mode_writes_the_valid_lines_and_reports_every_rejected_one(tmp_path, catalogue_references):
    good = "73282932000074,Ateliers Muller,57463,Soudeur TIG,H2913,CDI,,1,ok-{n}\n"
    bad = "73282932000074,Ateliers Muller,57463,Soudeur,H2913,CDD,3,1,bad-{n}\n"
    text = OFFERS_HEADER + "".join(good.format(n=n) + bad.format(n=n) for n in range(60))
    report = tmp_path / "rejets.csv"
    path = tmp_path / "import.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_offers", str(path), "--partial", "--rejects", str(report), "--no-progress", stdout=out
    )
    assert "60 créé(s)" in out.getvalue() and "60 rejeté(s)" in out.getvalue()
    assert JobOffer.objects.count() == 60
    rows = report.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "enregistrement;champ;motif"
    assert len(rows) == 61  # every rejected line, not the first 50
    assert rows[1].startswith("ligne 3;type_contrat;Un CDD de 3 mois n'est pas éligible")


def test_a_duplicate_identifier_is_an_error_not_an_overwrite(tmp_path, catalogue_references):
    text = OFFERS_HEADER + (
        "73282932000074,Ateliers Muller,57463,Soudeur TIG,H2913,CDI,,1,same\n"
        "73282932000074,Ateliers Muller,54395,Maçon,F1703,CDI,,1,same\n"
    )
    with pytest.raises(
        CommandError, match="ligne 3 : identifiant : Identifiant « same » déjà utilisé ligne 2"
    ):
        import_file(tmp_path, "import_offers", text)
    assert JobOffer.objects.count() == 0


def test_a_postcode_in_the_insee_column_is_recognised(tmp_path, catalogue_references):
    text = OFFERS_HEADER + "73282932000074,Ateliers Muller,57000,Soudeur TIG,H2913,CDI,,1,x\n"
    with pytest.raises(CommandError) as error:
        import_file(tmp_path, "import_offers", text)
    assert "« 57000 » n'est pas un code INSEE : ceci ressemble à un code postal (Metz)" in str(error.value)


def test_quoted_fields_keep_their_line_breaks_and_errors_name_the_physical_line(
    tmp_path, catalogue_references
):
    text = (
        "siret_entreprise,nom_entreprise,commune,intitule,code_rome,type_contrat,duree_mois,postes,description,"
        "identifiant\n"
        '73282932000074,Ateliers Muller,57463,Soudeur TIG,H2913,CDI,,1,"Première ligne\nDeuxième ligne\n'
        'Troisième",multi\n'
        "73282932000074,Ateliers Muller,57463,Soudeur TIG,H2913,CDI,,0,,after\n"
    )
    with pytest.raises(CommandError, match="ligne 5 : postes"):
        import_file(tmp_path, "import_offers", text)
    import_file(tmp_path, "import_offers", text.replace(",0,,after", ",1,,after"))
    assert (
        JobOffer.objects.get(external_id="multi").description == "Première ligne\nDeuxième ligne\nTroisième"
    )


def test_sessions_of_a_region_not_open_are_refused_and_past_ones_reported(tmp_path, catalogue_references):
    real_region("11")  # Île-de-France: not deployed
    line = "73282932000074;GRETA;Soudeur;;H2913;;;57463;2030-01-10;2030-06-10;12;11;;s-1\n"
    with pytest.raises(CommandError, match="La Région « 11 » n'est pas ouverte sur Trait d'union"):
        import_file(tmp_path, "import_sessions", SESSIONS_HEADER + line)
    past = "73282932000074;GRETA;Soudeur;;H2913;;;57463;2020-01-10;2020-06-10;12;44;;s-2\n"
    out = import_file(tmp_path, "import_sessions", SESSIONS_HEADER + past)
    assert "session terminée le 10/06/2020, sans lien avec les offres" in out
    assert not TrainingSession.objects.get().links.exists()


def test_every_run_is_recorded_with_its_report(tmp_path, catalogue_references):
    from tdu.imports.models import ImportRun

    text = OFFERS_HEADER + "73282932000074,Ateliers Muller,57463,Soudeur,H2913,CDD,3,1,x\n"
    with pytest.raises(CommandError):
        import_file(tmp_path, "import_offers", text)
    run = ImportRun.objects.get()
    assert (run.source, run.status, run.rejected, run.partial) == ("offers_csv", "refused", 1, False)
    with run.rejects_report.open("rb") as report:
        assert "type_contrat" in report.read().decode()
