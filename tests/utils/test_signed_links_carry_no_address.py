"""A signed link's payload is readable by anyone who has the link (signed, not encrypted): found by testing, the
email confirmation and recruiter links carried the address in clear. They carry a keyed fingerprint now."""

import base64

import pytest

from tdu.accounts.notifications import email_verification_url
from tests.factories import job_seeker

pytestmark = pytest.mark.django_db


def payload_of(link):
    encoded = link.rstrip("/").split("/")[-1].split(":")[0]
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()


def test_the_confirmation_link_carries_no_address_and_still_confirms(client):
    amelie = job_seeker()
    amelie.email_verified_at = None
    amelie.save(update_fields=["email_verified_at"])
    link = email_verification_url(amelie)
    assert "@" not in payload_of(link) and "amelie" not in payload_of(link)
    assert client.get(link.removeprefix("http://testserver")).status_code == 200
    amelie.refresh_from_db()
    assert amelie.email_verified_at is not None
    # Once she changes her address, the old link no longer confirms anything.
    amelie.email, amelie.email_verified_at = "amelie.nouvelle@example.org", None
    amelie.save(update_fields=["email", "email_verified_at"])
    assert client.get(link.removeprefix("http://testserver")).status_code == 400
