"""Pages that send email or create accounts for anyone are rate limited per address (django-ratelimit): beyond the
rate, a French page with a 429 and Retry-After — and nothing is sent."""

import pytest
from django.core import mail
from django.core.cache import cache

from tests.factories import job_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates_on(settings):
    settings.RATELIMIT_ENABLE = True
    settings.PAGE_RATES = {**settings.PAGE_RATES, "password_reset": "5/h", "resend": "5/h", "signup": "3/h"}
    cache.clear()
    yield
    cache.clear()


def test_password_reset_is_limited_per_address(client, rates_on, django_capture_on_commit_callbacks):
    amelie = job_seeker()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post("/compte/mot-de-passe/oublie/", {"email": amelie.email}) for _ in range(6)]
    assert [a.status_code for a in answers] == [302] * 5 + [429]
    assert "Trop de demandes en peu de temps" in answers[-1].content.decode()
    assert answers[-1]["Retry-After"] == "3600"
    assert len(mail.outbox) == 5
    other = client.post("/compte/mot-de-passe/oublie/", {"email": amelie.email}, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_sign_ups_from_one_address_are_limited(client, rates_on):
    def sign_up(n):
        return client.post(
            "/compte/inscription/demandeur-emploi/", {"email": f"p{n}@example.org"}
        ).status_code

    assert [sign_up(n) for n in range(4)] == [400, 400, 400, 429]
    assert client.get("/compte/inscription/demandeur-emploi/").status_code == 200  # reading the page is free
