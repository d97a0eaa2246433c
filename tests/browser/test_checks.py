"""The page checks themselves find what they look for: a page with every fault, served in place of the site."""

from tests.browser.conftest import Journey

FAULTY = """<!DOCTYPE html><html lang="fr"><head><title>Page fautive</title></head><body>
<main><h1 id="titre">Page fautive</h1><p id="titre">Même id</p>
<img src="/static/dsfr/dist/favicon/favicon.svg">
<div style="width: 2000px">Trop large</div>
<script>console.error("erreur volontaire")</script></main></body></html>"""


def test_the_checks_report_each_fault(journeys):
    journey: Journey = journeys()
    journey.page.route(
        "**/page-fautive/",
        lambda route: route.fulfill(status=500, content_type="text/html; charset=utf-8", body=FAULTY),
    )
    journey.goto("/page-fautive/", "page-fautive")
    found, journey.problems = (
        "\n".join(journey.problems),
        [],
    )  # expected here: the test does not fail for them
    assert "axe critical « image-alt » at 1280 px" in found
    assert "duplicate ids titre (2×)" in found
    assert "horizontal overflow at 1280 px" in found and "horizontal overflow at 375 px" in found
    assert "console error: erreur volontaire" in found
    assert "server error 500 GET" in found
    assert journey.url_path() in found
