"""Part 2 through HTTP: commitment → enrolment → training → hiring → follow-ups, with the clock moved."""

import datetime
import io
import re

import pypdf
import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.models import FollowUp
from tdu.candidatures.services import hiring
from tests.factories import (
    FundedSessionFactory,
    OfferFactory,
    company_member,
    job_seeker,
    prescriber,
    prescriber_organisation,
    training_member,
)
from tests.helpers import act, login
from tests.situations import to_immersion_done

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_immersion_to_the_twelve_month_follow_up(client):
    organisation = prescriber_organisation()
    offer = OfferFactory()
    session = FundedSessionFactory(funded_places=1)
    seeker = job_seeker(prescriber_organisation=organisation)
    company = company_member(company=offer.company)
    adviser = prescriber(organisation=organisation)
    trainer = training_member(organisation=session.training.organisation)
    candidature = to_immersion_done(offer, seeker, company, adviser)
    start = session.start_date

    # The company issues its promise; an ineligible contract is refused with a French message.
    login(client, company)
    form = {
        "session": session.pk,
        "job_title": "Soudeur TIG",
        "workplace": "Metz",
        "contract_type": "cdd",
        "contract_duration_months": "3",
        "weekly_hours": "35",
        "gross_monthly_salary": "2150",
        "planned_start_date": (session.end_date + datetime.timedelta(days=3)).isoformat(),
        "certification_required": "on",
    }
    response = client.post(f"/candidatures/{candidature.pk}/actions/propose_commitment/", form)
    assert response.status_code == 400, response.content.decode()[:3000]
    assert "Un CDD de 3 mois n&#x27;est pas éligible" in response.content.decode()
    act(
        client,
        candidature,
        "propose_commitment",
        **{**form, "contract_type": "cdi", "contract_duration_months": ""},
    )
    assert candidature.state == State.COMMITMENT_PROPOSED
    promise = candidature.commitments.get()

    # Both sign; the prescriber is informed; the enrolment request reaches the organisation.
    act(
        client,
        candidature,
        "sign_commitment",
        signatory="company",
        commitment=promise.pk,
        name="Bruno Schmitt",
        agree="on",
    )
    login(client, seeker)
    mail.outbox.clear()
    act(
        client,
        candidature,
        "sign_commitment",
        signatory="beneficiary",
        commitment=promise.pk,
        name="Amélie Martin",
        agree="on",
    )
    assert candidature.state == State.ENROLMENT_REQUESTED
    recipients = {address for m in mail.outbox for address in m.to}
    assert {adviser.email, trainer.email} <= recipients
    pdf = client.get(f"/candidatures/{candidature.pk}/engagements/{promise.pk}/pdf/")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Engagement réciproque" in text and "Bruno Schmitt" in text and "Amélie Martin" in text
    assert promise.content_hash in re.sub(r"\s", "", text)
    # Typed as "35" and "2150", saved as 35.0 and 2150.00: both signatures still match the content.
    assert " ".join(text.split()).count("l'empreinte signée correspond au contenu de l'engagement") == 2
    assert "ATTENTION" not in text

    # The organisation accepts: the last funded place is taken.
    login(client, trainer)
    act(client, candidature, "accept_enrolment")
    assert candidature.state == State.ENROLLED
    session.refresh_from_db()
    assert session.places_left == 0

    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))):
        login(client, trainer)  # weeks later: a new session
        act(
            client,
            candidature,
            "confirm_entry",
            entered_on=start.isoformat(),
            internship_start=(start + datetime.timedelta(days=60)).isoformat(),
            internship_end=(start + datetime.timedelta(days=80)).isoformat(),
        )
    assert candidature.state == State.IN_TRAINING

    end = session.end_date
    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(end, datetime.time(17)))):
        login(client, trainer)
        act(
            client,
            candidature,
            "complete_training",
            completed_on=end.isoformat(),
            certification_obtained="oui",
        )
    assert candidature.state == State.TRAINING_COMPLETED

    # The company confirms the contract; a difference from the promise is recorded.
    hired_on = end + datetime.timedelta(days=10)
    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(hired_on, datetime.time(9)))):
        login(client, company)
        act(
            client,
            candidature,
            "confirm_hiring",
            start_date=hired_on.isoformat(),
            contract_type="cdi",
            weekly_hours="35",
        )
    assert candidature.state == State.HIRED
    assert candidature.hiring.differences == [
        f"Début promis le {promise.planned_start_date:%d/%m/%Y} ; réel le {hired_on:%d/%m/%Y}"
    ]
    assert FollowUp.objects.filter(candidature=candidature).count() == 4

    # Six months later: the questions go out once, a reminder a week later, once.
    six_months = timezone.make_aware(
        datetime.datetime.combine(hired_on + datetime.timedelta(days=185), datetime.time(8))
    )
    mail.outbox.clear()
    assert hiring.send_follow_ups(six_months) == (2, 0)
    assert hiring.send_follow_ups(six_months) == (0, 0)
    assert {m.to[0] for m in mail.outbox} == {seeker.email, company.email}
    link = next(line for line in mail.outbox[0].body.splitlines() if "/suivi/" in line).split(": ", 1)[1]
    path = link.replace("http://testserver", "")
    client.logout()
    response = client.post(path, {"still_in_post": "oui", "same_company": "oui", "contract_now": "cdi"})
    assert "Merci, votre réponse est enregistrée" in response.content.decode()
    assert hiring.send_follow_ups(six_months + datetime.timedelta(days=8)) == (0, 1)
    assert hiring.send_follow_ups(six_months + datetime.timedelta(days=9)) == (0, 0)

    # Twelve months: the person answers from her dashboard.
    twelve = timezone.make_aware(
        datetime.datetime.combine(hired_on + datetime.timedelta(days=370), datetime.time(8))
    )
    assert hiring.send_follow_ups(twelve)[0] == 2
    with time_machine.travel(twelve):
        login(client, seeker)
        html = client.get("/tableau-de-bord/").content.decode()
        assert "Répondre au suivi à 12 mois" in html
        url = re.search(r'href="(http://testserver/suivi/[^"]+)"', html).group(1)
        client.post(
            url.replace("http://testserver", ""),
            {"still_in_post": "oui", "same_company": "oui", "contract_now": "cdi"},
        )
    answered = FollowUp.objects.filter(candidature=candidature, answered_at__isnull=False)
    assert answered.count() == 2
    steps = list(candidature.log.values_list("transition", flat=True))
    assert steps[-9:] == [
        "propose_commitment",
        "sign_commitment",
        "sign_commitment",
        "complete_commitment",
        "request_enrolment",
        "accept_enrolment",
        "confirm_entry",
        "complete_training",
        "confirm_hiring",
    ]
