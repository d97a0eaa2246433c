"""Every link a person sees on a candidature page works for her (no 404: the training organisation was shown a
convention link it may not open), and no id appears twice on the page (several forms share it)."""

import re
from collections import Counter

import pytest

from tests.helpers import html, login
from tests.situations import candidature_at

STEPS = ["immersion_proposed", "immersion_validated", "commitment_proposed", "enrolled", "hired"]


@pytest.mark.parametrize("step", STEPS)
def test_each_person_of_the_path_sees_only_links_that_open(client, cast, step):
    candidature = candidature_at(cast, step)
    for person in (cast.amelie, cast.bruno, cast.chloe, cast.david, cast.elise):
        login(client, person)
        page = html(client.get(f"/candidatures/{candidature.pk}/"))
        ids = Counter(re.findall(r'\sid="([^"]+)"', page))
        assert not [i for i, n in ids.items() if n > 1], (step, person.email)
        links = set(
            re.findall(r'href="(/(?:candidatures|conventions|suivi|offres|formations)/[^"#?]*)"', page)
        )
        assert links, (step, person.email)
        for link in links:
            status = client.get(link).status_code
            assert status in (200, 302), (step, person.email, link, status)
