"""Part 1 of the path through HTTP: candidature → meeting → immersion signed, validated and assessed."""

import datetime
import io

import pypdf
import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature
from tests.factories import (
    FundedSessionFactory,
    OfferFactory,
    company_member,
    job_seeker,
    prescriber,
    prescriber_organisation,
)
from tests.helpers import cv_pdf, login, post_action

# Real commits: emails are sent after commit (transaction.on_commit), as in production.
pytestmark = pytest.mark.django_db(transaction=True)

PDF = cv_pdf()


def immersion_form(start, **overrides):
    data = {
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=4)).isoformat(),
        "place": "Atelier de soudure, 12 rue des Forges, Metz",
        "objective": "recruit",
        "activities": "Préparation des pièces, soudage TIG sous contrôle du tuteur.",
        "risks": "Port des EPI obligatoire ; pas de travail en hauteur.",
        "tutor_name": "Jean Muller",
        "tutor_role": "Chef d'atelier",
        "tutor_email": "jean.muller@example.org",
        "tutor_phone": "0387000000",
        "horaires_lundi": "09:00-12:00, 13:30-17:00",
        "horaires_mardi": "09:00-12:00, 13:30-17:00",
        "horaires_mercredi": "09:00-12:00",
    }
    data.update(overrides)
    return data


@pytest.fixture
def cast():
    organisation = prescriber_organisation()
    offer = OfferFactory()
    FundedSessionFactory()
    return {
        "offer": offer,
        "seeker": job_seeker(prescriber_organisation=organisation),
        "company": company_member(company=offer.company),
        "prescriber": prescriber(organisation=organisation),
    }


def test_the_path_to_an_assessed_immersion(client, cast, settings):
    seeker, company, adviser, offer = cast["seeker"], cast["company"], cast["prescriber"], cast["offer"]

    # 1. She applies with a CV.
    login(client, seeker)
    cv = io.BytesIO(PDF)
    cv.name = "cv.pdf"
    response = client.post(f"/offres/{offer.pk}/postuler/", {"message": "Je soude depuis 3 ans.", "cv": cv})
    candidature = Candidature.objects.get()
    assert response.status_code == 302
    assert candidature.state == State.SENT
    assert {m.to[0] for m in mail.outbox} == {company.email, seeker.email}

    # 2. The company reads it (reading changes nothing), takes it up and reads the CV; a stranger cannot.
    login(client, company)
    mail.outbox.clear()
    assert client.get(f"/candidatures/{candidature.pk}/").status_code == 200
    candidature.refresh_from_db()
    assert candidature.state == State.SENT and not mail.outbox
    assert post_action(client, candidature, "open").status_code == 302
    candidature.refresh_from_db()
    assert candidature.state == State.UNDER_REVIEW
    assert {m.to[0] for m in mail.outbox} == {seeker.email, cast["prescriber"].email}
    assert client.get(f"/candidatures/{candidature.pk}/cv/").getvalue() == PDF

    # 3. Meeting: two slots proposed, she picks one, both get an .ics.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post_action(
        client,
        candidature,
        "propose_meeting",
        **{
            "creneau-1-date": tomorrow.isoformat(),
            "creneau-1-time": "10:00",
            "creneau-1-duration_minutes": "45",
            "creneau-1-place": "12 rue des Forges, Metz",
            "creneau-2-date": tomorrow.isoformat(),
            "creneau-2-time": "14:00",
            "creneau-2-duration_minutes": "45",
            "creneau-2-video_link": "https://visio.example.org/abc",
        },
    )
    assert response.status_code == 302
    slot = candidature.meeting_slots.order_by("starts_at").first()
    login(client, seeker)
    mail.outbox.clear()
    assert post_action(client, candidature, "choose_slot", slot=slot.pk).status_code == 302
    candidature.refresh_from_db()
    assert candidature.state == State.MEETING_PLANNED
    assert len(mail.outbox) == 2
    ics = mail.outbox[0].attachments[0]
    event = Calendar.from_ical(ics[1]).walk("VEVENT")[0]
    assert event.decoded("dtstart") == slot.starts_at
    assert "Soudeur" in str(event.get("summary"))

    # 4. The company proposes an immersion: the convention is issued, the tutor gets a signing link.
    start = timezone.localdate() + datetime.timedelta(days=7)
    login(client, company)
    mail.outbox.clear()
    assert post_action(client, candidature, "propose_immersion", **immersion_form(start)).status_code == 302
    candidature.refresh_from_db()
    assert candidature.state == State.IMMERSION_PROPOSED
    convention = candidature.current_convention
    assert convention.weekly_hours == 16  # 6.5 + 6.5 + 3
    tutor_mail = next(m for m in mail.outbox if m.to == ["jean.muller@example.org"])
    tutor_link = next(line for line in tutor_mail.body.splitlines() if "/conventions/signer/" in line).split(
        ": ", 1
    )[1]

    # 5. Validation is impossible while a signature is missing.
    login(client, adviser)
    response = post_action(client, candidature, "validate_immersion")
    assert response.status_code == 400
    assert "il manque la signature" in response.content.decode()

    # 6. The three signatures.
    login(client, company)
    assert (
        post_action(
            client,
            candidature,
            "sign_convention",
            signatory="company",
            name="Bruno Schmitt",
            convention=convention.pk,
            agree="on",
        ).status_code
        == 302
    )
    login(client, seeker)
    assert (
        post_action(
            client,
            candidature,
            "sign_convention",
            signatory="beneficiary",
            name="Amélie Martin",
            convention=convention.pk,
            agree="on",
        ).status_code
        == 302
    )
    client.logout()
    path = tutor_link.replace(settings.SITE_URL, "")
    assert client.get(path).status_code == 200
    mail.outbox.clear()
    assert (
        "Votre signature est enregistrée"
        in client.post(path, {"name": "Jean Muller", "agree": "on"}).content.decode()
    )
    candidature.refresh_from_db()
    assert candidature.state == State.CONVENTION_SIGNED
    assert adviser.email in {m.to[0] for m in mail.outbox}

    # 7. The prescriber validates; the PDF carries the signatures and the hash.
    login(client, adviser)
    assert post_action(client, candidature, "validate_immersion").status_code == 302
    candidature.refresh_from_db()
    assert candidature.state == State.IMMERSION_VALIDATED
    pdf = client.get(f"/candidatures/{candidature.pk}/conventions/{convention.pk}/pdf/")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Jean Muller" in text and "Amélie Martin" in text
    assert convention.content_hash in text.replace("\n", "")
    assert " ".join(text.split()).count("l'empreinte signée correspond au contenu de la convention") == 3
    assert "ATTENTION" not in text

    # 8. After the last day, the company fills the assessment, then she gives her view.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=12)):
        login(client, company)
        response = post_action(
            client,
            candidature,
            "record_assessment",
            outcome="completed",
            skills_observed="Soudure TIG propre, ponctualité.",
            recommends_hiring_promise="oui",
        )
        assert response.status_code == 302
        login(client, seeker)
        assert post_action(client, candidature, "give_feedback", text="Très bon accueil.").status_code == 302
    candidature.refresh_from_db()
    assert candidature.state == State.IMMERSION_DONE
    assert candidature.assessment.seeker_view == "Très bon accueil."
    steps = list(candidature.log.values_list("transition", flat=True))
    assert steps == [
        "apply",
        "open",
        "propose_meeting",
        "choose_slot",
        "propose_immersion",
        "sign_convention",
        "sign_convention",
        "sign_convention",
        "complete_signatures",
        "validate_immersion",
        "record_assessment",
        "give_feedback",
    ]
