"""French typography: no line break between a word and « : ; ! ? », nor inside « »; code and markup untouched."""

import re

import pytest
from django.test import Client

from tdu.utils.typography import NBSP, NNBSP, french_html
from tests.factories import OfferFactory


def test_punctuation_gets_its_no_break_space_in_text_only():
    page = (
        '<p title="Heure : 10 h ?">Où en est-on ? Étape 4 sur 8 : la convention ; bravo ! « Soudeur »</p>'
        '<a href="/recherche/?commune=57463&amp;rayon=30">Voir ?</a>'
        "<script>if (a ? b : c) {}</script><pre>x : y</pre><textarea>a ; b</textarea>"
        "<p>10:30, https://example.org/a?b</p>"
    )
    out = french_html(page)
    assert f"Où en est-on{NNBSP}? Étape 4 sur 8{NBSP}: la convention{NNBSP}; bravo{NNBSP}!" in out
    assert f"«{NBSP}Soudeur{NBSP}»" in out and f"Voir{NNBSP}?" in out
    assert 'title="Heure : 10 h ?"' in out  # attributes are left alone
    assert "<script>if (a ? b : c) {}</script><pre>x : y</pre><textarea>a ; b</textarea>" in out
    assert "<p>10:30, https://example.org/a?b</p>" in out


def text_nodes(page):
    """The text between tags, outside <script> and <style>."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S | re.I)
    return [part for part in re.split(r"<[^>]*>", page) if part.strip()]


@pytest.mark.django_db
def test_every_page_is_sent_with_french_spaces(settings):
    settings.FRENCH_TYPOGRAPHY = True
    offer = OfferFactory()
    for url in (f"/offres/{offer.pk}/", "/recherche/?commune=Atlantide", "/aide/"):
        response = Client().get(url)
        nodes = text_nodes(response.content.decode())
        assert not [node for node in nodes if re.search(r" [:;!?](\s|$)", node)], url
        assert any(NBSP + ":" in node or NNBSP + "?" in node for node in nodes), url
    api = Client().get("/api/v1/offres?commune=Atlantide")
    assert api.status_code == 400 and " : aucun code INSEE « " in api.json()["erreur"]  # data, left as it is


def test_off_in_these_tests_by_default(settings):
    assert settings.FRENCH_TYPOGRAPHY is False  # see config/settings_test.py
