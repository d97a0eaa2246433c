"""Sessions imported before the official ROME referentiel match on the parent codes as soon as it is imported."""

import io

import pytest
from django.core.management import call_command

from tests.factories import OfferFactory, real_commune, real_region, rome

pytestmark = pytest.mark.django_db

HEADER = (
    "siret_organisme;nom_organisme;intitule_formation;certification;codes_rome;niveau_entree;niveau_sortie;"
    "commune;date_debut;date_fin;places_financees;region_financeuse;recrutement_ouvert;identifiant\n"
)


def write_referentiel(directory):
    (directory / "unix_referentiel_code_rome_v460_utf8.csv").write_text(
        '"code_rome","code_fiche_metier","code_ogr","libelle_rome","code_rome_parent"\n'
        '"H2913","1","1","Soudeur / Soudeuse","H2913"\n'
        '"H2914","2","2","Soudeur / Soudeuse spécialisé","H2913"\n',
        encoding="utf-8",
    )
    (directory / "unix_referentiel_appellation_v460_utf8.csv").write_text(
        '"code_ogr","libelle_appellation_long","libelle_appellation_court","code_rome"\n'
        '"15000","Soudeur / Soudeuse TIG","Soudeur TIG","H2913"\n',
        encoding="utf-8",
    )
    (directory / "cr_gd_dp_v4_utf8.csv").write_text(
        '"code_rome","libelle_rome","code_grand_domaine","libelle_grand_domaine",'
        '"code_domaine_professionel","libelle_domaine_professionel"\n'
        '"H2913","Soudeur / Soudeuse","H","Industrie","H29","Mécanique, travail des métaux"\n'
        '"H2914","Soudeur / Soudeuse spécialisé","H","Industrie","H29","Mécanique, travail des métaux"\n',
        encoding="utf-8",
    )


def found(client):
    data = client.get("/api/v1/offres", {"commune": "57463", "rayon": 30}).json()
    return [hit["id"] for hit in data["resultats"]]


def test_the_search_follows_a_new_referentiel_without_saving_the_sessions_again(client, tmp_path):
    real_commune("57463"), real_region("44")
    rome("H2913"), rome("H2914", "Soudeur / Soudeuse spécialisé")
    offer = OfferFactory()  # H2913
    csv = tmp_path / "sessions.csv"
    csv.write_text(
        HEADER
        + "73282932000074;GRETA;Soudeur spécialisé;;H2914;;;57463;2031-01-10;2031-06-10;12;44;oui;s-1\n",
        encoding="utf-8",
    )
    call_command("import_sessions", str(csv), "--no-progress", stdout=io.StringIO())
    assert found(client) == []  # H2914 is not H2913, as long as nothing says they are one family

    write_referentiel(tmp_path)
    call_command("import_rome_referentiel", str(tmp_path), "--no-progress", stdout=io.StringIO())
    assert found(client) == [offer.pk]
