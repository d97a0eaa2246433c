"""Last funded place under concurrent enrolments; idempotent periodic jobs; exits of part 2."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tdu.candidatures import dashboard
from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature
from tdu.candidatures.services import application, commitment, training
from tdu.matching.models import SessionLink
from tdu.offers.jobs import expire_offers
from tests.concurrency import concurrently
from tests.factories import (
    FundedSessionFactory,
    OfferFactory,
    company_member,
    job_seeker,
    prescriber,
    prescriber_organisation,
    training_member,
)
from tests.situations import commitment_data, to_enrolment_requested, to_immersion_done


@pytest.fixture
def people():
    organisation = prescriber_organisation()
    offer = OfferFactory()
    session = FundedSessionFactory(funded_places=1)
    return {
        "organisation": organisation,
        "offer": offer,
        "session": session,
        "company": company_member(company=offer.company),
        "adviser": prescriber(organisation=organisation),
        "trainer": training_member(organisation=session.training.organisation),
    }


def requested(people, n):
    seeker = job_seeker(email=f"personne{n}@example.org", prescriber_organisation=people["organisation"])
    candidature = to_immersion_done(people["offer"], seeker, people["company"], people["adviser"])
    return to_enrolment_requested(candidature, seeker, people["company"], people["session"])


def accept_later(pk, trainer):
    def read():
        candidature = Candidature.objects.get(pk=pk)
        return lambda: training.accept_enrolment(candidature, trainer)

    return read


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_on_the_last_funded_place_exactly_one_succeeds(people):
    first, second = requested(people, 1), requested(people, 2)
    session = people["session"]
    assert SessionLink.objects.filter(session=session).exists()
    outcomes = concurrently(
        accept_later(first.pk, people["trainer"]), accept_later(second.pk, people["trainer"])
    )
    assert outcomes.count("ok") == 1, outcomes
    assert "plus de place financée" in next(o for o in outcomes if o != "ok")
    session.refresh_from_db()
    assert session.enrolled_count == 1
    states = sorted(Candidature.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True))
    assert states == [State.ENROLLED, State.ENROLMENT_REQUESTED]
    # Full: the session no longer appears in the search.
    assert not SessionLink.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_an_abandon_before_entry_frees_the_place_and_a_refusal_lets_them_pick_another_session(people):
    first = requested(people, 1)
    trainer, company, session = people["trainer"], people["company"], people["session"]
    training.accept_enrolment(first, trainer)
    training.abandon_training(first, first.job_seeker, "J'ai déménagé")
    session.refresh_from_db()
    assert (first.state, session.enrolled_count) == (State.TRAINING_ABANDONED, 0)
    assert SessionLink.objects.filter(session=session).exists()

    second = requested(people, 2)
    training.refuse_enrolment(second, trainer, "Prérequis en sécurité non validés")
    assert second.state == State.COMMITMENT_SIGNED
    other = FundedSessionFactory(start_date=session.start_date, end_date=session.end_date)
    training.choose_other_session(second, company, other)
    assert second.state == State.ENROLMENT_REQUESTED
    assert second.enrolments.filter(session=other, status="requested").exists()


@pytest.mark.django_db
def test_a_promise_refuses_short_cdd_and_sessions_that_do_not_fit(people):
    seeker = job_seeker(prescriber_organisation=people["organisation"])
    candidature = to_immersion_done(people["offer"], seeker, people["company"], people["adviser"])
    session = people["session"]
    from tdu.utils.errors import DomainError

    for overrides, message in [
        ({"contract_type": "cdd", "contract_duration_months": 5}, "CDD de 5 mois"),
        ({"planned_start_date": session.end_date}, "après la fin de la formation"),
        ({"session": FundedSessionFactory(funding_region=None)}, "pas financée"),
        ({"session": FundedSessionFactory(recruitment_open=False)}, "recrutement"),
        ({"session": FundedSessionFactory(enrolled_count=12)}, "plus de place"),
    ]:
        chosen = overrides.pop("session", session)
        data = commitment_data(chosen, **overrides)
        with pytest.raises(DomainError, match=message):
            commitment.propose_commitment(candidature, people["company"], data)
    candidature.refresh_from_db()
    assert candidature.state == State.IMMERSION_DONE
    assert not candidature.commitments.exists()


@pytest.mark.django_db(transaction=True)
def test_periodic_jobs_send_nothing_twice(people):
    seeker = job_seeker(prescriber_organisation=people["organisation"])
    candidature = to_immersion_done(people["offer"], seeker, people["company"], people["adviser"])
    commitment.propose_commitment(candidature, people["company"], commitment_data(people["session"]))
    later = timezone.now() + datetime.timedelta(days=4)
    mail.outbox.clear()
    assert commitment.remind_commitment_signatures(later) == 1
    assert commitment.remind_commitment_signatures(later) == 0
    assert mail.outbox == []  # recorded: the signatories' digests say it
    assert dashboard.send_daily_digests(later) >= 2  # the person and the company both have something to sign
    assert dashboard.send_daily_digests(later) == 0
    assert all("récapitulatif" in m.subject for m in mail.outbox)
    assert {m.to[0] for m in mail.outbox if "Rappel : signer" in m.body} == {
        seeker.email,
        people["company"].email,
    }
    seeker.wants_non_essential_emails = False
    seeker.save()
    assert dashboard.send_daily_digests(later + datetime.timedelta(days=1)) == 1  # the company only


@pytest.mark.django_db
def test_commitment_without_immersion_only_when_the_region_allows_it(people):
    from tdu.utils.errors import DomainError

    seeker = job_seeker()
    candidature = application.apply(people["offer"], seeker, seeker, "Bonjour")
    application.open_candidature(candidature, people["company"])
    with pytest.raises(DomainError, match="immersion avant"):
        commitment.propose_commitment(candidature, people["company"], commitment_data(people["session"]))
    region = people["offer"].commune.department.region
    region.allow_commitment_without_immersion = True
    region.save()
    candidature.refresh_from_db()
    commitment.propose_commitment(candidature, people["company"], commitment_data(people["session"]))
    assert candidature.state == State.COMMITMENT_PROPOSED


@pytest.mark.django_db
def test_the_nightly_job_expires_offers_past_their_date():
    from tdu.offers.enums import OfferStatus

    late = OfferFactory(expired=True)
    current = OfferFactory()
    assert expire_offers() == 1
    late.refresh_from_db()
    current.refresh_from_db()
    assert (late.status, current.status) == (OfferStatus.EXPIRED, OfferStatus.PUBLISHED)
    assert expire_offers() == 0
