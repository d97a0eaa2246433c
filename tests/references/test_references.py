import io

import pytest
from django.core.management import CommandError, call_command

from tdu.references.models import Commune, Department, NafCode, Region, RomeAppellation, RomeCode, RomeDomain
from tdu.utils.geo import distance_km
from tests.paths import SHARED_DATA as SHARED

REFERENTIEL = SHARED / "rome" / "referentiel-v460"


def run(*args):
    out = io.StringIO()
    call_command(*args, "--no-progress", stdout=out)
    return out.getvalue()


def table_snapshot():
    return (
        list(
            Commune.objects.order_by("code").values_list(
                "code", "name", "postal_codes", "latitude", "parent__code"
            )
        ),
        list(RomeCode.objects.values_list("code", "label", "parent_code")),
        list(NafCode.objects.values_list("code", "label")),
        list(Region.objects.values_list("code", "name", "is_deployed")),
    )


@pytest.mark.django_db
def test_loadreferences_loads_everything_and_a_second_run_changes_nothing():
    first = run("loadreferences")
    assert "Communes : 34920 créés" in first
    assert Commune.objects.count() == 34920
    assert Commune.objects.filter(kind=Commune.Kind.ARRONDISSEMENT).count() == 45
    assert RomeCode.objects.count() == 1584
    assert NafCode.objects.count() == 732
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert list(Region.objects.filter(is_deployed=True).values_list("name", flat=True)) == ["Grand Est"]
    grand_est = Department.objects.filter(region_id="44").values_list("code", flat=True)
    assert sorted(grand_est) == ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"]
    metz = Commune.objects.get(code="57463")
    assert (metz.name, metz.department.region.name) == ("Metz", "Grand Est")
    assert "57000" in metz.postal_code_list
    assert Commune.objects.get(code="75056").parent is None
    assert Commune.objects.get(code="75101").parent.code == "75056"

    before = table_snapshot()
    second = run("loadreferences")
    assert "Référentiels à jour." in second
    assert "Communes : 0 créés, 0 modifiés, 34920 inchangés" in second
    assert table_snapshot() == before


@pytest.mark.django_db
def test_reference_coordinates_give_true_distances(references):
    paris = Commune.objects.get(code="75056")
    lyon = Commune.objects.get(code="69123")
    assert 385 < distance_km(paris.latitude, paris.longitude, lyon.latitude, lyon.longitude) < 400


@pytest.mark.django_db
def test_commune_search_ignores_accents_case_and_hyphens(references):
    found = list(Commune.objects.search("saint etienne").values_list("code", flat=True))
    assert "42218" in found  # Saint-Étienne
    assert list(Commune.objects.search("SAINT-ÉTIENNE").values_list("code", flat=True)) == found
    assert set(Commune.objects.search("57000").values_list("name", flat=True)) == {"Metz"}
    assert Commune.objects.search("").count() == 0


@pytest.mark.django_db
def test_near_returns_communes_within_the_radius_nearest_first(references):
    metz = Commune.objects.get(code="57463")
    near = list(Commune.objects.near(metz, 10))
    names = [c.name for c in near]
    assert names[0] == "Metz"
    assert "Woippy" in names
    assert "Nancy" not in names
    assert all(c.distance_km <= 10 for c in near)
    assert [c.distance_km for c in near] == sorted(c.distance_km for c in near)
    nancy = Commune.objects.get(code="54395")
    expected = distance_km(metz.latitude, metz.longitude, nancy.latitude, nancy.longitude)
    assert Commune.objects.near(metz, 60).get(code="54395").distance_km == pytest.approx(expected, abs=0.01)


@pytest.mark.django_db
@pytest.mark.skipif(not REFERENTIEL.is_dir(), reason="../shared/data/rome/referentiel-v460 absent")
def test_import_rome_referentiel_on_the_real_files(references):
    out = run("import_rome_referentiel", str(REFERENTIEL))
    assert "Appellations ROME : 13120 créés" in out
    assert RomeAppellation.objects.count() == 13120
    assert RomeDomain.objects.filter(parent__isnull=True).count() == 14
    assert RomeDomain.objects.filter(parent__isnull=False).count() == 110
    assert RomeCode.objects.exclude(parent_code="").count() == 1584
    assert RomeCode.objects.values("parent_code").distinct().count() == 532
    assert RomeCode.objects.get(code="A1102").parent_code == "A1101"
    again = run("import_rome_referentiel", str(REFERENTIEL))
    assert "Appellations ROME : 0 créés, 0 modifiés, 13120 inchangés" in again
    # The shipped labels agree with the referentiel: loading the references again changes nothing.
    assert "Référentiels à jour." in run("loadreferences")


def write_referentiel(directory, appellation_rome="H2913"):
    (directory / "unix_referentiel_code_rome_v460_utf8.csv").write_text(
        '"code_rome","code_fiche_metier","code_ogr","libelle_rome","code_rome_parent"\n'
        '"H2913","1","1","Soudeur / Soudeuse","H2913"\n',
        encoding="utf-8",
    )
    (directory / "unix_referentiel_appellation_v460_utf8.csv").write_text(
        '"code_ogr","libelle_appellation_long","libelle_appellation_court","code_rome"\n'
        '"15000","Soudeur / Soudeuse TIG","Soudeur TIG","H2913"\n'
        f'"15001","Soudeur / Soudeuse MIG","Soudeur MIG","{appellation_rome}"\n',
        encoding="utf-8",
    )
    (directory / "cr_gd_dp_v4_utf8.csv").write_text(
        '"code_rome","libelle_rome","code_grand_domaine","libelle_grand_domaine",'
        '"code_domaine_professionel","libelle_domaine_professionel"\n'
        '"H2913","Soudeur / Soudeuse","H","Industrie","H29","Mécanique, travail des métaux"\n',
        encoding="utf-8",
    )


@pytest.mark.django_db
def test_import_rome_referentiel_refuses_a_bad_file_with_its_line_number_and_writes_nothing(tmp_path):
    RomeCode.objects.create(code="H2913", label="Soudeur / Soudeuse")
    write_referentiel(tmp_path, appellation_rome="Z9999")
    with pytest.raises(CommandError) as error:
        run("import_rome_referentiel", str(tmp_path))
    assert "ligne 3 : code ROME inconnu « Z9999 »" in str(error.value)
    assert RomeAppellation.objects.count() == 0
    assert RomeDomain.objects.count() == 0
    assert RomeCode.objects.get().parent_code == ""


@pytest.mark.django_db
def test_import_rome_referentiel_dry_run_writes_nothing(tmp_path):
    RomeCode.objects.create(code="H2913", label="Soudeur / Soudeuse")
    write_referentiel(tmp_path)
    out = run("import_rome_referentiel", str(tmp_path), "--dry-run")
    assert "aucune modification" in out
    assert RomeAppellation.objects.count() == 0
    run("import_rome_referentiel", str(tmp_path))
    assert RomeAppellation.objects.count() == 2
    assert RomeCode.objects.get().domain_id == "H29"


@pytest.mark.django_db
def test_import_rome_referentiel_missing_directory():
    with pytest.raises(CommandError, match="Dossier introuvable"):
        run("import_rome_referentiel", "/nonexistent/referentiel")
