"""The public legal and help pages: mentions légales, accessibility statement, site map, contact and help; the
footer links to them from every page, and the map's tile server is a setting disclosed to visitors."""

import re

import pytest
from django.test import override_settings

from config.settings import tiles_origin
from tests import factories as f
from tests.helpers import html, login

pytestmark = pytest.mark.django_db

PAGES = ("/mentions-legales/", "/accessibilite/", "/plan-du-site/", "/aide/", "/donnees-personnelles/")
FOOTER = {
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/accessibilite/": "Accessibilité&nbsp;: non conforme",
    "/plan-du-site/": "Plan du site",
    "/aide/": "Contact et aide",
}


def links_of_main(response):
    """The href of every link inside <main>."""
    main = html(response).split('<main id="contenu"', 1)[1].split("</main>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', main)


@pytest.mark.parametrize("url", PAGES)
def test_each_page_answers_anyone_and_a_logged_in_person(client, url):
    assert client.get(url).status_code == 200
    login(client, f.job_seeker())
    assert client.get(url).status_code == 200


def test_the_footer_links_to_every_legal_page(client):
    footer = html(client.get("/")).split('id="pied-de-page"', 1)[1]
    for url, label in FOOTER.items():
        assert f'class="fr-footer__bottom-link" href="{url}">{label}</a>' in footer, url


def test_the_legal_notice_names_publisher_director_host_licence_sources_and_tiles(client, settings):
    f.real_region().__class__.objects.filter(code="44").update(is_deployed=True)
    page = html(client.get("/mentions-legales/"))
    assert settings.LEGAL_PUBLISHER in page and "Région Grand Est" in page
    assert "Directeur ou directrice de la publication" in page
    assert "il n'a pas encore été renseigné" in page  # no host set: said plainly
    assert "etalab-2.0" in page
    for source in ("Code officiel géographique", "ROME", "NAF", "LHEO", "Carif-Oref", "France Travail"):
        assert source in page, source
    assert "https://tile.openstreetmap.org" in page and "ce serveur reçoit votre adresse IP" in page
    assert "Fondation OpenStreetMap" in page and "© contributeurs OpenStreetMap" in page
    assert "la Région suivante, qui finance" in page and "Grand Est." in page


@override_settings(HOSTING_PROVIDER="Hébergeur Exemple SAS, 1 rue de l'Exemple, 75001 Paris")
def test_the_host_comes_from_the_setting(client):
    page = html(client.get("/mentions-legales/"))
    assert "Hébergeur Exemple SAS, 1 rue de l&#x27;Exemple, 75001 Paris" in page
    assert "pas encore été renseigné" not in page


def test_the_accessibility_statement_is_honest_and_gives_the_remedies(client, settings):
    page = html(client.get("/accessibilite/"))
    assert "<strong>non conforme</strong>" in page and "aucun audit" in page
    assert "axe-core" in page and "clavier" in page
    assert "liste des résultats" in page  # the accessible alternative to the map
    assert "PDF" in page and "ne sont pas balisés" in page
    assert '<time datetime="2026-12-03">3 décembre 2026</time>' in page
    assert f'href="mailto:{settings.CONTACT_EMAIL}"' in page and 'href="/aide/"' in page
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in page
    assert 'href="https://www.defenseurdesdroits.fr/saisir/delegues"' in page
    assert "Libre réponse 71120<br>75342 Paris CEDEX 07" in page
    assert "Région Grand Est s'engage" in page  # the publisher's name, without its address


def test_the_help_page_explains_the_path_and_whom_to_ask(client, settings):
    region = f.real_region()
    region.is_deployed, region.contact_email = True, "formation@grandest.example.org"
    region.save()
    page = html(client.get("/aide/"))
    path = page.split("étape par étape", 1)[1]
    steps = (
        "Vous choisissez une offre",
        "Vous rencontrez",
        "Vous faites une immersion",
        "Vous vous engagez",
        "Vous suivez la formation",
        "Vous êtes embauché·e",
        "Nous prenons de vos nouvelles",
    )
    positions = [path.index(step) for step in steps]
    assert positions == sorted(positions)
    for adviser in ("France Travail", "Mission locale", "Cap emploi"):
        assert adviser in page
    assert f'href="mailto:{settings.CONTACT_EMAIL}"' in page
    assert settings.CONTACT_EMAIL == "contact@traitdunion.beta.gouv.fr"
    assert 'Région Grand Est&nbsp;: <a href="mailto:formation@grandest.example.org">' in page
    assert "<form" not in page.split('<main id="contenu"', 1)[1].split("</main>")[0]  # nothing stored


@override_settings(CONTACT_EMAIL="aide@region.example.org")
def test_the_contact_address_is_a_setting(client):
    for url in ("/aide/", "/accessibilite/", "/mentions-legales/"):
        assert 'href="mailto:aide@region.example.org"' in html(client.get(url)), url


def test_the_site_map_lists_public_pages_and_only_the_anonymous_account_links(client):
    links = links_of_main(client.get("/plan-du-site/"))
    for url in (
        "/",
        "/recherche/",
        "/offres/",
        "/stats/",
        "/compte/connexion/",
        "/mentions-legales/",
        "/aide/",
    ):
        assert url in links, url
    assert "/tableau-de-bord/" not in links


@pytest.mark.parametrize(
    "persona",
    [None, f.job_seeker, f.company_member, f.training_member, f.prescriber, f.region_staff],
    ids=["anonymous", "job_seeker", "company", "training", "prescriber", "region"],
)
def test_every_link_of_the_site_map_leads_to_a_page(client, persona):
    if persona:
        login(client, persona())
    links = links_of_main(client.get("/plan-du-site/"))
    assert len(links) >= 10
    if persona:
        assert "/tableau-de-bord/" in links and "/compte/connexion/" not in links
    for url in links:
        response = client.get(url, follow=True)  # a space may send on (to log in, to create a training first)
        assert response.status_code == 200, (url, response.status_code)
        if persona:  # her own pages: she is never asked to log in again
            assert not any(hop.startswith("/compte/connexion/") for hop, _ in response.redirect_chain), url


def test_the_site_map_lists_the_pages_of_each_space(client):
    member = f.company_member()
    company = member.company_memberships.get().company
    login(client, member)
    links = links_of_main(client.get("/plan-du-site/"))
    assert f"/espace/entreprise/{company.siret}/offres/" in links
    assert f"/compte/entreprise/{company.siret}/membres/" in links
    login(client, f.region_staff())
    links = links_of_main(client.get("/plan-du-site/"))
    assert "/espace/region/44/pilotage/" in links and "/espace/region/44/acces-aux-donnees/" in links


def test_the_map_tiles_default_is_openstreetmap_and_the_csp_allows_exactly_its_origin(client, settings):
    response = client.get("/recherche/")
    assert 'data-map-tiles-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html(response)
    assert 'data-map-tiles-attribution="© contributeurs OpenStreetMap"' in html(response)
    img_src = next(
        p for p in response["Content-Security-Policy"].split(";") if p.strip().startswith("img-src")
    )
    assert img_src.split()[1:] == ["'self'", "data:", tiles_origin(settings.MAP_TILES_URL)]
    assert tiles_origin(settings.MAP_TILES_URL) == "https://tile.openstreetmap.org"


def test_the_tile_origin_of_a_url_template():
    assert (
        tiles_origin("https://{s}.tiles.example.org/carte/{z}/{x}/{y}.png") == "https://*.tiles.example.org"
    )
    assert (
        tiles_origin("https://tuiles.example.fr:8443/{z}/{x}/{y}.png?cle=1")
        == "https://tuiles.example.fr:8443"
    )
    with pytest.raises(RuntimeError):
        tiles_origin("javascript:alert(1)")


@override_settings(
    MAP_TILES_URL="https://tuiles.region.example.fr/{z}/{x}/{y}.png",
    MAP_TILES_ATTRIBUTION="© IGN & contributeurs",
    MAP_TILES_PROVIDER="la Région",
)
def test_a_changed_tile_server_reaches_the_search_page_and_the_notices(client):
    search = html(client.get("/recherche/"))
    assert 'data-map-tiles-url="https://tuiles.region.example.fr/{z}/{x}/{y}.png"' in search
    assert 'data-map-tiles-attribution="© IGN &amp; contributeurs"' in search
    for url in ("/mentions-legales/", "/donnees-personnelles/"):
        page = html(client.get(url))
        assert "https://tuiles.region.example.fr" in page and "exploité par la Région" in page, url
        assert "tile.openstreetmap.org" not in page and "ce serveur reçoit votre adresse IP" in page, url
