"""A training organisation declares that the region funds a session; only the region's answer makes it count.

Chloé (GRETA Lorraine Nord) declares the places, Élise (Grand Est's team) confirms or refuses them; Ida (another
region's team) can do neither. Amélie is the job seeker whose search must not show self-declared funding.
"""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tdu.candidatures.models import Candidature
from tdu.candidatures.services.training import session_problem
from tdu.trainings.models import FundingConfirmation, TrainingSession
from tdu.trainings.services import update_session
from tests.factories import FundedSessionFactory, OfferFactory, job_seeker, region_staff, training_member
from tests.helpers import take_mails

pytestmark = pytest.mark.django_db
METZ = "57463"


def text(response):
    return html.unescape(response.content.decode())


def search_total(client):
    return client.get("/api/v1/offres", {"commune": METZ}).json()["total"]


@pytest.fixture
def declared(client):
    """10 000 places that GRETA Lorraine Nord says Grand Est pays for, and an offer they would lead to."""
    OfferFactory()
    session = FundedSessionFactory(funding_to_confirm=True, funded_places=10_000)
    training_member(organisation=session.training.organisation)  # Chloé, told of the region's answer
    return session


@pytest.fixture
def elise(client):
    user = region_staff()
    client.force_login(user)
    return user


@pytest.fixture
def decide(client, django_capture_on_commit_callbacks):
    def post(session, decision, **data):
        with django_capture_on_commit_callbacks(execute=True):  # the email leaves after commit
            url = reverse("spaces:region_funding_decide", args=["44", session.pk, decision])
            return client.post(url, data)

    return post


def test_self_declared_funding_shows_to_confirm_and_links_nothing(client, declared):
    assert search_total(client) == 0
    page = text(client.get(declared.get_absolute_url()))
    assert "Région Grand Est : financement à confirmer" in page
    assert "Financée par la Région" not in page
    assert not TrainingSession.objects.funded().exists()


def test_a_self_declared_session_cannot_carry_an_enrolment(declared):
    offer = OfferFactory()
    seeker = job_seeker()
    candidature = Candidature.objects.create(
        job_seeker=seeker, offer=offer, company=offer.company, applied_by=seeker, message="Motivée."
    )
    assert session_problem(candidature, declared) == (
        "Le financement de cette session n'est pas encore confirmé par la Région."
    )


def test_elise_confirms_and_the_offers_appear_at_once(client, declared, elise, decide):
    queue = text(client.get(reverse("spaces:region_fundings", args=["44"])))
    assert declared.training.title in queue and "10000" in queue
    take_mails()
    response = decide(declared, "confirmer")
    assert response.status_code == 302
    declared.refresh_from_db()
    assert declared.funding_confirmation == FundingConfirmation.STAFF
    assert declared.funding_confirmed_by == elise and declared.funding_confirmed_at is not None
    assert search_total(client) == 1
    [email] = take_mails()
    assert "Financement confirmé :" in email.subject and "recherche" in email.body
    assert "Aucun financement à confirmer." in text(
        client.get(reverse("spaces:region_fundings", args=["44"]))
    )
    # Decided once: a second answer finds nothing to decide.
    assert decide(declared, "refuser").status_code == 404


def test_elise_refuses_with_a_reason_and_the_session_stays_unfunded(client, declared, elise, decide):
    take_mails()
    response = decide(declared, "refuser", reason="Session hors\nprogramme régional")
    assert response.status_code == 302
    declared.refresh_from_db()
    assert declared.funding_region_id is None and declared.funding_confirmation == ""
    assert search_total(client) == 0
    [email] = take_mails()
    assert (
        "non retenu" in email.subject
        and "Motif indiqué par la Région : Session hors programme régional" in (email.body)
    )


def test_a_reason_too_long_is_refused_and_nothing_changes(client, declared, elise, decide):
    response = decide(declared, "refuser", reason="x" * 501)
    assert response.status_code == 302
    declared.refresh_from_db()
    assert declared.funding_region_id == "44"
    assert "500 caractères" in text(client.get(reverse("spaces:region_fundings", args=["44"])))


def test_an_unknown_decision_or_a_get_changes_nothing(client, declared, elise, decide):
    assert decide(declared, "valider").status_code == 404
    url = reverse("spaces:region_funding_decide", args=["44", declared.pk, "confirmer"])
    assert client.get(url).status_code == 405
    declared.refresh_from_db()
    assert declared.funding_confirmation == ""


def test_another_regions_staff_neither_sees_nor_decides(client, declared, decide):
    client.force_login(region_staff(region="11", email="ida@example.org", first_name="Ida"))
    assert client.get(reverse("spaces:region_fundings", args=["44"])).status_code == 404
    assert decide(declared, "confirmer").status_code == 404
    declared.refresh_from_db()
    assert declared.funding_confirmation == ""


def test_more_places_or_another_region_need_the_region_again(client):
    OfferFactory()
    session = FundedSessionFactory(funded_places=12)
    assert search_total(client) == 1
    fewer = update_session(session, funded_places=10)
    assert fewer.funding_confirmed and search_total(client) == 1
    more = update_session(fewer, funded_places=10_000)
    assert more.funding_to_confirm and search_total(client) == 0


def test_the_regions_own_feed_needs_no_confirmation(client):
    """LHEO and file imports are the region's: its sessions count at once (the import tests check the search)."""
    session = FundedSessionFactory()
    assert session.funding_confirmation == FundingConfirmation.FEED and session.funding_confirmed
    start = timezone.localdate() + datetime.timedelta(days=30)
    assert session.start_date == start
