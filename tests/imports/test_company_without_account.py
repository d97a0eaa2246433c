"""Applying to an imported offer whose company has no account: the recruiter answers from her email and claims
her company's space by SIRET; from then on the candidature follows the usual path."""

import datetime
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature
from tdu.companies.models import Company
from tdu.demo.feeds import france_travail_offer, france_travail_response
from tdu.offers.models import JobOffer
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    FundedSessionFactory,
    company_member,
    job_seeker,
    prescriber,
    prescriber_organisation,
    real_commune,
    real_region,
    rome,
)
from tests.helpers import addresses, cv_pdf, html, login, take_mails

pytestmark = pytest.mark.django_db(transaction=True)
RECRUITER = "recrutement@ateliers-moselle.example.org"
CV = cv_pdf()


@pytest.fixture
def imported(tmp_path):
    real_commune("57463"), real_region("44"), rome("H2913")
    FundedSessionFactory()
    offers = [france_travail_offer("FT1"), france_travail_offer("FT2", email=None, title="Soudeur MIG")]
    path = tmp_path / "offres.json"
    path.write_bytes(france_travail_response(offers))
    call_command("import_france_travail", str(path), "--no-progress", stdout=io.StringIO())
    organisation = prescriber_organisation()
    return {
        "with_contact": JobOffer.objects.get(external_id="FT1"),
        "without_contact": JobOffer.objects.get(external_id="FT2"),
        "amelie": job_seeker(prescriber_organisation=organisation),
        "david": prescriber(organisation=organisation),
    }


def apply(client, offer, seeker):
    login(client, seeker)
    response = client.post(
        f"/offres/{offer.pk}/postuler/",
        {"message": "Je soude depuis trois ans.", "cv": SimpleUploadedFile("cv.pdf", CV, "application/pdf")},
    )
    assert response.status_code == 302
    return Candidature.objects.get(offer=offer)


def recruiter_link(messages):
    (message,) = [m for m in messages if m.to == [RECRUITER]]
    return re.search(r"http://testserver(/candidatures/recruteur/\S+/)", message.body)[1], message


def test_the_recruiter_answers_from_her_email_then_claims_her_company(client, imported):
    offer, amelie = imported["with_contact"], imported["amelie"]
    take_mails()
    candidature = apply(client, offer, amelie)
    assert candidature.recruiter_email == RECRUITER
    messages = take_mails()
    assert addresses(messages) == sorted([amelie.email, RECRUITER])
    receipt = next(m for m in messages if m.to == [amelie.email])
    assert "votre candidature est transmise par courriel à son recruteur" in receipt.body
    path, message = recruiter_link(messages)
    assert message.subject == f"[Trait d'union] Nouvelle candidature : {offer.title}"
    assert "Son message : « Je soude depuis trois ans. »" in message.body
    assert "transmise par courriel à son recruteur" in html(client.get(f"/candidatures/{candidature.pk}/"))

    # The recruiter, without an account: reading changes nothing; she reads the CV, then answers.
    recruiter = client.__class__()
    page = recruiter.get(path)
    assert page.status_code == 200 and "Je suis intéressé(e)" in html(page)
    assert recruiter.get(path + "cv/").getvalue() == CV
    candidature.refresh_from_db()
    assert candidature.state == State.SENT
    response = recruiter.post(path, {"answer": "oui"})
    assert "sait que vous étudiez sa candidature" in html(response)
    candidature.refresh_from_db()
    entry = candidature.log.latest("id")
    assert (candidature.state, entry.transition, entry.actor_role) == (State.UNDER_REVIEW, "open", "company")
    assert RECRUITER in entry.actor_name
    assert amelie.email in addresses(take_mails())
    assert "Je suis intéressé(e)" not in html(recruiter.get(path))  # answered: the page says where it stands

    # She creates her company's space with its SIRET: her address is proven by the link.
    claim = re.search(r'href="(/compte/entreprise/revendiquer/[^"]+)"', html(recruiter.get(path)))[1]
    response = recruiter.post(
        claim,
        {
            "first_name": "Nadia",
            "last_name": "Haddad",
            "email": RECRUITER,
            "phone": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "siret": "732 829 320 00074",
        },
    )
    assert response.status_code == 302 and response.url == f"/candidatures/{candidature.pk}/"
    company = Company.objects.get(pk=offer.company_id)
    assert company.siret == "73282932000074" and company.has_account
    candidature.refresh_from_db()
    assert candidature.recruiter_email == ""
    page = html(recruiter.get(f"/candidatures/{candidature.pk}/"))
    assert f'action="/candidatures/{candidature.pk}/actions/propose_meeting/"' in page


def test_without_an_answer_the_recruiter_is_reminded_once_after_three_business_days(client, imported):
    candidature = apply(client, imported["with_contact"], imported["amelie"])
    take_mails()
    monday = timezone.localtime(candidature.created_at) + datetime.timedelta(days=7)
    with time_machine.travel(monday):
        call_command("process_deadlines", "--no-progress", stdout=io.StringIO())
        call_command("process_deadlines", "--no-progress", stdout=io.StringIO())
    reminders = [m for m in take_mails() if m.to == [RECRUITER]]
    assert len(reminders) == 1
    assert reminders[0].subject.startswith("[Trait d'union] Rappel : une candidature attend votre réponse")


def test_not_interested_refuses_with_her_word(client, imported):
    candidature = apply(client, imported["with_contact"], imported["amelie"])
    path, _ = recruiter_link(take_mails())
    client.logout()
    client.post(path, {"answer": "non", "reason": "Poste pourvu."})
    candidature.refresh_from_db()
    assert candidature.state == State.REFUSED and candidature.exit_reason == "Poste pourvu."
    assert (
        "Motif : Autre motif. Poste pourvu."
        in next(m for m in mail.outbox if m.to == [imported["amelie"].email]).body
    )


def test_without_a_contact_the_person_is_told_where_to_apply_and_her_adviser_follows(client, imported):
    offer = imported["without_contact"]
    take_mails()
    candidature = apply(client, offer, imported["amelie"])
    (receipt,) = take_mails()
    assert "n'a pas laissé d'adresse : postulez aussi sur le site de l'offre" in receipt.body
    assert "https://candidat.francetravail.fr/offres/recherche/detail/FT2" in receipt.body
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    assert "Le conseiller ou la conseillère suit cette candidature" in page


def test_a_siret_already_on_the_service_merges_or_asks_for_an_invitation(client, imported):
    candidature = apply(client, imported["with_contact"], imported["amelie"])
    path, _ = recruiter_link(take_mails())
    claim = path.replace("/candidatures/recruteur/", "/compte/entreprise/revendiquer/")
    known = CompanyFactory()  # registered by SIRET (a CSV import), nobody on it yet
    data = {
        "first_name": "Nadia", "last_name": "Haddad", "email": RECRUITER, "phone": "",
        "password1": PASSWORD, "password2": PASSWORD, "siret": known.siret,
    }  # fmt: skip
    client.logout()
    assert client.post(claim, data).status_code == 302
    candidature.refresh_from_db()
    assert candidature.company_id == known.pk and not Company.objects.filter(
        siret__isnull=True, offers__external_id="FT1"
    )
    assert JobOffer.objects.get(external_id="FT1").company_id == known.pk

    other = apply(client, imported["without_contact"], job_seeker(email="zoe@example.org"))
    taken = company_member(company=CompanyFactory(), email="deja@example.org")
    other.recruiter_email = RECRUITER
    other.save()
    from tdu.utils import signed_links

    token = signed_links.RECRUITER.make(c=other.pk, e=signed_links.fingerprint(RECRUITER))
    client.logout()
    login(client, taken)
    response = client.post(
        f"/compte/entreprise/revendiquer/{token}/", {"siret": taken.company_memberships.get().company.siret}
    )
    assert response.status_code == 400
    assert "a déjà son espace sur Trait d" in html(response)
