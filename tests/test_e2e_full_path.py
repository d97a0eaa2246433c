"""One person's whole path through HTTP pages only, each role in its own browser, from the sign-ups to the
12-month follow-up: sign-ups and address confirmation, the prescriber organisation, the catalogue, the search,
the candidature, the meeting (.ics), the immersion convention (PDF), the reciprocal commitment (PDF), the
enrolment, the training, the hiring and the two follow-ups. The clock is moved with time_machine.

Where no page exists for a step, the test says so in a comment and does the least possible outside HTTP.
"""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from icalendar import Calendar

from tdu.accounts.enums import Situation
from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature, FollowUp
from tdu.organisations.models import PrescriberOrganisation
from tdu.references.enums import EducationLevel
from tdu.trainings.models import TrainingSession
from tests.e2e_helpers import (
    act,
    addresses,
    answer_follow_up,
    at,
    confirm_address,
    html,
    link_in,
    login,
    only_mail_to,
    pdf_link,
    pdf_text,
    run_worker_jobs,
    sign_up_organisation,
    state,
    take_mails,
)
from tests.factories import (
    METZ,
    PASSWORD,
    real_commune,
    real_region,
    region_staff,
    rome,
    valid_siret,
)
from tests.helpers import cv_pdf

# Real commits: emails are sent after commit (transaction.on_commit), as in production.
pytestmark = pytest.mark.django_db(transaction=True)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
COMPANY_SIRET = "73282932000074"
CV = cv_pdf()

AMELIE = "amelie.martin@example.org"  # the job seeker
BRUNO = "bruno.schmitt@example.org"  # recruits for Ateliers Schmitt
CHLOE = "chloe.weber@example.org"  # GRETA Lorraine Nord, the training organisation
DAVID = "david.klein@example.org"  # adviser at France Travail Metz, the prescriber
ELISE = "elise.roth@example.org"  # Grand Est region staff
TUTOR = "jean.muller@example.org"  # the immersion tutor, without an account

# The story's calendar (Monday 1 March 2027 onwards).
DAY_ONE = datetime.date(2027, 3, 1)
MEETING_DAY = datetime.date(2027, 3, 2)
IMMERSION = (datetime.date(2027, 3, 8), datetime.date(2027, 3, 12))
AFTER_IMMERSION = datetime.date(2027, 3, 17)  # more than two weeks after the last logins
SESSION = (datetime.date(2027, 4, 5), datetime.date(2027, 9, 24))
INTERNSHIP = (datetime.date(2027, 6, 7), datetime.date(2027, 6, 25))
HIRED_ON = datetime.date(2027, 10, 4)
SIX_MONTHS, TWELVE_MONTHS = datetime.date(2028, 4, 4), datetime.date(2028, 10, 4)


def test_one_person_from_sign_up_to_the_twelve_month_follow_up(settings):
    # Weeks pass in this test between two logins: sessions last two weeks idle here (the real idle timeouts are
    # tested on their own, tests/www/accounts/test_idle_timeout.py).
    settings.SESSION_IDLE_MINUTES = settings.SESSION_IDLE_MINUTES_STAFF = 14 * 24 * 60
    with time_machine.travel(at(DAY_ONE), tick=True) as clock:
        # 1. Reference data: only Metz (with Moselle and Grand Est, deployed) and the welder's ROME code.
        real_commune(METZ)
        real_region("44")
        rome("H2913", "Soudeur / Soudeuse")
        amelie, bruno, chloe, david, elise = Client(), Client(), Client(), Client(), Client()

        # 2. Sign-ups through the real forms, each confirmed through the emailed link.
        response = amelie.post(
            "/compte/inscription/demandeur-emploi/",
            {
                "email": AMELIE,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "first_name": "Amélie",
                "last_name": "Martin",
                "phone": "06 12 34 56 78",
                "birth_date": "1995-04-12",
                "commune": "Metz",
                "mobility_radius_km": "30",
                "education_level": str(EducationLevel.CAP_BEP.value),
                "situation": Situation.FRANCE_TRAVAIL,
                "france_travail_id": "1234567A",
                "jobs_wanted": "soudeur",
                "availability": "tout de suite",
            },
        )
        assert response.status_code == 302 and response.url == "/compte/inscription/lien-envoye/"
        messages = take_mails()
        assert addresses(messages) == [AMELIE]
        refused = amelie.post("/compte/connexion/", {"username": AMELIE, "password": PASSWORD})
        assert refused.status_code == 400  # not before her address is confirmed
        confirm_address(amelie, messages, AMELIE)
        login(amelie, AMELIE)

        sign_up_organisation(
            bruno,
            "/compte/inscription/entreprise/",
            email=BRUNO,
            first_name="Bruno",
            last_name="Schmitt",
            siret="732 829 320 00074",  # the company is created by its SIRET (spaces accepted)
            name="Ateliers Schmitt",
        )
        training_siret = valid_siret()
        sign_up_organisation(
            chloe,
            "/compte/inscription/organisme-de-formation/",
            email=CHLOE,
            first_name="Chloé",
            last_name="Weber",
            siret=training_siret,
            name="GRETA Lorraine Nord",
        )

        # Region staff have no sign-up page by design: Élise is a user with a RegionMembership.
        region_staff(email=ELISE)
        login(elise, ELISE)
        url = "/espace/region/44/structures/prescripteurs/nouvelle/"
        assert elise.get(url).status_code == 200
        response = elise.post(
            url,
            {
                "kind": "france_travail",
                "name": "France Travail Metz",
                "commune": "Metz",
                "email": "ape.metz@example.org",
                "first_member_email": DAVID,
            },
        )
        assert response.status_code == 302 and response.url == "/espace/region/44/structures/"
        assert "France Travail Metz" in html(elise.get("/espace/region/44/structures/"))
        france_travail = PrescriberOrganisation.objects.get(name="France Travail Metz")

        # Élise invited the first adviser: he creates his account from the invitation and administers it.
        invitation = only_mail_to(take_mails(), DAVID)
        response = david.post(
            link_in(invitation, "/compte/invitation/"),
            {"first_name": "David", "last_name": "Klein", "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 302
        members_page = html(david.get(f"/compte/prescripteur/{france_travail.pk}/membres/"))
        assert "David Klein" in members_page
        assert france_travail.memberships.get().is_admin

        # The prescriber space registers only people without an account: Amélie, who signed up herself,
        # chooses France Travail Metz on her own profile.
        response = amelie.post(
            "/compte/",
            {
                "first_name": "Amélie",
                "last_name": "Martin",
                "phone": "",
                "wants_non_essential_emails": "on",
                "birth_date": "1995-04-12",
                "commune": "Metz",
                "mobility_radius_km": "30",
                "education_level": str(EducationLevel.CAP_BEP.value),
                "situation": Situation.FRANCE_TRAVAIL,
                "france_travail_id": "",
                "jobs_wanted": "H2913",
                "availability": "",
                "prescriber_organisation": france_travail.pk,
            },
        )
        assert response.status_code == 302, html(response)[-2000:]
        assert "Amélie Martin" in html(david.get("/espace/prescripteur/"))

        # 3. The company publishes its offer; the organisation creates a training and a funded session.
        url = f"/espace/entreprise/{COMPANY_SIRET}/offres/nouvelle/"
        assert bruno.get(url).status_code == 200
        response = bruno.post(
            url,
            {
                "title": "Soudeur / Soudeuse TIG",
                "rome": "H2913",
                "commune": "Metz",
                "address": "12 rue des Forges",
                "contract_type": "cdi",
                "contract_duration_months": "",
                "positions": "2",
                "immersion_possible": "on",
                "immersion_from": "",
                "immersion_until": "",
                "description": "Atelier de chaudronnerie : soudage TIG d'inox.",
                "expires_on": "",
                "action": "publish",
            },
        )
        assert response.status_code == 302 and response.url == f"/espace/entreprise/{COMPANY_SIRET}/offres/"
        assert "Soudeur / Soudeuse TIG" in html(bruno.get(response.url))

        response = chloe.post(
            f"/espace/organisme/{training_siret}/formations/nouvelle/",
            {
                "title": "Titre professionnel soudeur assembleur industriel",
                "certification_code": "RNCP35474",
                "rome_codes": "H2913",
                "entry_level": str(EducationLevel.NONE.value),
                "exit_level": str(EducationLevel.CAP_BEP.value),
                "description": "Soudage TIG, MAG et à l'arc.",
            },
        )
        assert response.status_code == 302, html(response)[-3000:]
        page = chloe.get(f"/espace/organisme/{training_siret}/sessions/nouvelle/")
        training_pk = re.search(r'<option value="(\d+)"[^>]*>Titre professionnel soudeur', html(page))[1]
        response = chloe.post(
            f"/espace/organisme/{training_siret}/sessions/nouvelle/",
            {
                "training": training_pk,
                "commune": "Metz",
                "address": "2 rue du Lycée",
                "start_date": SESSION[0].isoformat(),
                "end_date": SESSION[1].isoformat(),
                "funding_region": "44",
                "funded_places": "12",
                "recruitment_open": "on",
                "periodes-TOTAL_FORMS": "1",
                "periodes-INITIAL_FORMS": "0",
                "periodes-0-start_date": INTERNSHIP[0].isoformat(),
                "periodes-0-end_date": INTERNSHIP[1].isoformat(),
                "periodes-0-label": "Stage en entreprise",
            },
        )
        assert response.status_code == 302, html(response)[-3000:]
        assert take_mails() == []
        # Chloé says Grand Est funds it; Élise confirms from the region's queue, and Chloé is told.
        session_pk = re.search(
            r"/financements/(\d+)/confirmer/", html(elise.get("/espace/region/44/financements/"))
        )[1]
        response = elise.post(f"/espace/region/44/financements/{session_pk}/confirmer/")
        assert response.status_code == 302
        assert [m.subject for m in take_mails()] == [
            "[Trait d'union] Financement confirmé : Titre professionnel soudeur assembleur industriel"
        ]

        # She finds the offer from her commune (API and search page), then applies with a CV.
        found = amelie.get("/api/v1/offres", {"commune": METZ, "rayon": "30"}).json()
        assert found["total"] == 1
        (hit,) = found["resultats"]
        assert hit["intitule"] == "Soudeur / Soudeuse TIG" and hit["entreprise"] == "Ateliers Schmitt"
        (formation,) = hit["formations"]
        assert formation["date_debut"] == SESSION[0].isoformat() and formation["places_restantes"] == 12
        offer_pk, session_pk = hit["id"], formation["session_id"]
        search_url = re.search(r'href="(/recherche/\?[^"]+)"', html(amelie.get("/tableau-de-bord/")))[1]
        assert f'href="/offres/{offer_pk}/"' in html(amelie.get(search_url.replace("&amp;", "&")))
        assert amelie.get(f"/offres/{offer_pk}/").status_code == 200
        assert f'href="/offres/{offer_pk}/postuler/"' in html(amelie.get(f"/offres/{offer_pk}/"))
        assert amelie.get(f"/offres/{offer_pk}/postuler/").status_code == 200
        response = amelie.post(
            f"/offres/{offer_pk}/postuler/",
            {
                "message": "Je soude depuis 3 ans et j'habite à Metz.",
                "cv": SimpleUploadedFile("cv.pdf", CV, "application/pdf"),
            },
        )
        assert response.status_code == 302
        pk = int(re.fullmatch(r"/candidatures/(\d+)/", response.url)[1])
        assert state(pk) == State.SENT
        assert Candidature.objects.get(pk=pk).prescriber_organisation == france_travail
        assert addresses(take_mails()) == [AMELIE, BRUNO]

        # 4. The company reads it (a visit changes nothing), takes it up, and reads the CV.
        assert bruno.get(f"/candidatures/{pk}/").status_code == 200
        assert state(pk) == State.SENT and not take_mails()
        act(bruno, pk, "open")
        assert state(pk) == State.UNDER_REVIEW
        assert addresses(take_mails()) == [AMELIE, DAVID]
        assert bruno.get(f"/candidatures/{pk}/cv/").getvalue() == CV

        # Meeting: two slots; she picks the first; both get the invitation as an .ics.
        act(
            bruno,
            pk,
            "propose_meeting",
            **{
                "creneau-1-date": MEETING_DAY.isoformat(),
                "creneau-1-time": "10:00",
                "creneau-1-duration_minutes": "45",
                "creneau-1-place": "12 rue des Forges, Metz",
                "creneau-2-date": MEETING_DAY.isoformat(),
                "creneau-2-time": "14:00",
                "creneau-2-duration_minutes": "45",
                "creneau-2-video_link": "https://visio.example.org/abc",
            },
        )
        assert state(pk) == State.UNDER_REVIEW
        assert addresses(take_mails()) == [AMELIE, DAVID]
        page = amelie.get(f"/candidatures/{pk}/")
        slot_pk = re.search(r'name="slot" value="(\d+)"', html(page))[1]  # the first one shown: 10:00
        act(amelie, pk, "choose_slot", slot=slot_pk)
        assert state(pk) == State.MEETING_PLANNED
        messages = take_mails()
        assert addresses(messages) == [AMELIE, BRUNO]
        for message in messages:
            (attachment,) = message.attachments
            assert attachment[0] == "rencontre.ics"
            event = Calendar.from_ical(attachment[1]).walk("VEVENT")[0]
            assert event.decoded("dtstart") == at(MEETING_DAY, 10)
            assert event.decoded("dtend") == at(MEETING_DAY, 10, 45)
            assert str(event["summary"]) == "Rencontre : Soudeur / Soudeuse TIG — Ateliers Schmitt"
            assert str(event["location"]) == "12 rue des Forges, Metz"
            assert "Amélie Martin" in str(event["description"])

        # After the meeting, the company proposes an immersion: the tutor gets a signing link.
        clock.move_to(at(MEETING_DAY, 16))
        act(
            bruno,
            pk,
            "propose_immersion",
            start_date=IMMERSION[0].isoformat(),
            end_date=IMMERSION[1].isoformat(),
            company_address="12 rue des Forges",  # the company signed up without its street address
            place="Atelier de soudure, 12 rue des Forges, Metz",
            objective="recruit",
            activities="Préparation des pièces, soudage TIG sous contrôle du tuteur.",
            skills="Lecture de plans, soudure TIG.",
            risks="Port des EPI obligatoire ; pas de travail en hauteur.",
            tutor_name="Jean Muller",
            tutor_role="Chef d'atelier",
            tutor_email=TUTOR,
            tutor_phone="0387000000",
            **{f"horaires_{day}": "09:00-12:00, 13:00-16:00" for day in ("lundi", "mardi", "jeudi")},
            horaires_mercredi="09:00-12:00",
            horaires_vendredi="09:00-12:00",
        )
        assert state(pk) == State.IMMERSION_PROPOSED
        messages = take_mails()
        assert addresses(messages) == [AMELIE, BRUNO, DAVID, TUTOR]
        tutor_path = link_in(only_mail_to(messages, TUTOR), "/conventions/signer/")
        convention = Candidature.objects.get(pk=pk).current_convention
        assert convention.weekly_hours == 24  # 3 × 6 h + 2 × 3 h

        # The three signatures: the company, the person, then the tutor through the emailed link.
        act(
            bruno,
            pk,
            "sign_convention",
            signatory="company",
            convention=convention.pk,
            name="Bruno Schmitt",
            agree="on",
        )
        act(
            amelie,
            pk,
            "sign_convention",
            signatory="beneficiary",
            convention=convention.pk,
            name="Amélie Martin",
            agree="on",
        )
        assert state(pk) == State.IMMERSION_PROPOSED
        assert take_mails() == []
        tutor = Client()
        assert tutor.get(tutor_path).status_code == 200
        response = tutor.post(tutor_path, {"name": "Jean Muller", "agree": "on"})
        assert "Votre signature est enregistrée" in html(response)
        assert state(pk) == State.CONVENTION_SIGNED
        assert addresses(take_mails()) == [AMELIE, BRUNO, DAVID]

        # The prescriber validates; the convention PDF carries the names and the content hash.
        page = act(david, pk, "validate_immersion")
        assert state(pk) == State.IMMERSION_VALIDATED
        assert addresses(take_mails()) == [AMELIE, BRUNO]
        text = pdf_text(david.get(pdf_link(page, "conventions")))
        for name in (
            "Amélie Martin",
            "Bruno Schmitt",
            "Jean Muller",
            "Ateliers Schmitt",
            "France Travail Metz",
        ):
            assert name in text
        assert convention.content_hash in text.replace("\n", "")

        # 5. After the immersion, more than two weeks after the last logins: sessions have expired.
        clock.move_to(at(AFTER_IMMERSION))
        expired = bruno.get(f"/candidatures/{pk}/")
        assert expired.status_code == 302 and expired.url.startswith("/compte/connexion/")
        for browser, email in ((amelie, AMELIE), (bruno, BRUNO), (chloe, CHLOE), (david, DAVID)):
            login(browser, email)
        act(
            bruno,
            pk,
            "record_assessment",
            outcome="completed",
            skills_observed="Soudure TIG propre, ponctualité.",
            recommends_hiring_promise="oui",
            comment="",
        )
        assert state(pk) == State.IMMERSION_DONE
        assert addresses(take_mails()) == [AMELIE, DAVID]
        act(amelie, pk, "give_feedback", text="Très bon accueil, j'ai appris beaucoup.")
        assert state(pk) == State.IMMERSION_DONE
        assert take_mails() == []

        # The reciprocal commitment: the hiring promise, conditional upon the funded session, signed by both.
        act(
            bruno,
            pk,
            "propose_commitment",
            session=session_pk,
            job_title="Soudeur / Soudeuse TIG",
            workplace="12 rue des Forges, Metz",
            contract_type="cdi",
            contract_duration_months="",
            weekly_hours="35",
            gross_monthly_salary="2150",
            planned_start_date=HIRED_ON.isoformat(),
            certification_required="on",
        )
        assert state(pk) == State.COMMITMENT_PROPOSED
        assert addresses(take_mails()) == [AMELIE, BRUNO, DAVID]
        promise = Candidature.objects.get(pk=pk).commitments.get()
        act(
            bruno,
            pk,
            "sign_commitment",
            signatory="company",
            commitment=promise.pk,
            name="Bruno Schmitt",
            agree="on",
        )
        assert take_mails() == []
        page = act(
            amelie,
            pk,
            "sign_commitment",
            signatory="beneficiary",
            commitment=promise.pk,
            name="Amélie Martin",
            agree="on",
        )
        assert state(pk) == State.ENROLMENT_REQUESTED
        messages = take_mails()
        assert addresses(messages) == [AMELIE, BRUNO, CHLOE, DAVID]
        assert "Demande d'inscription" in only_mail_to(messages, CHLOE).subject
        text = pdf_text(amelie.get(pdf_link(page, "engagements")))
        for words in ("Engagement réciproque", "Amélie Martin", "Bruno Schmitt", "GRETA Lorraine Nord"):
            assert words in text
        assert promise.content_hash in re.sub(r"\s", "", text)

        # The organisation accepts the enrolment: one funded place is taken.
        act(chloe, pk, "accept_enrolment")
        assert state(pk) == State.ENROLLED
        assert addresses(take_mails()) == [AMELIE, BRUNO, DAVID]
        session = TrainingSession.objects.get(pk=session_pk)
        assert (session.enrolled_count, session.places_left) == (1, 11)

        # 6. Entry on the first day of the session, three weeks later: she logs in again.
        clock.move_to(at(SESSION[0]))
        login(chloe, CHLOE)
        act(
            chloe,
            pk,
            "confirm_entry",
            entered_on=SESSION[0].isoformat(),
            internship_start=INTERNSHIP[0].isoformat(),
            internship_end=INTERNSHIP[1].isoformat(),
        )
        assert state(pk) == State.IN_TRAINING
        assert addresses(take_mails()) == [AMELIE, BRUNO, DAVID]

        clock.move_to(at(SESSION[1], 17))
        login(chloe, CHLOE)
        act(chloe, pk, "complete_training", completed_on=SESSION[1].isoformat(), certification_obtained="oui")
        assert state(pk) == State.TRAINING_COMPLETED
        assert addresses(take_mails()) == [AMELIE, BRUNO, DAVID]

        # The company confirms the hiring, as promised: nothing differs; four follow-ups are planned.
        clock.move_to(at(HIRED_ON))
        login(bruno, BRUNO)
        act(
            bruno,
            pk,
            "confirm_hiring",
            start_date=HIRED_ON.isoformat(),
            contract_type="cdi",
            weekly_hours="35",
        )
        assert state(pk) == State.HIRED
        assert addresses(take_mails()) == [AMELIE, DAVID]
        candidature = Candidature.objects.get(pk=pk)
        assert candidature.hiring.differences == []
        assert sorted(candidature.follow_ups.values_list("milestone_months", "due_on")) == [
            (6, SIX_MONTHS),
            (6, SIX_MONTHS),
            (12, TWELVE_MONTHS),
            (12, TWELVE_MONTHS),
        ]

        # 7. Six months later, the morning jobs send the questions; both answer through the emailed link.
        clock.move_to(at(SIX_MONTHS, 8))
        run_worker_jobs()
        messages = take_mails()
        assert addresses(messages) == [AMELIE, BRUNO]
        for address in (AMELIE, BRUNO):
            answer_follow_up(Client(), link_in(only_mail_to(messages, address), "/suivi/"))
        run_worker_jobs()  # nothing is sent twice
        assert take_mails() == []

        # Twelve months: she answers from her dashboard, the company from the emailed link.
        clock.move_to(at(TWELVE_MONTHS, 8))
        run_worker_jobs()
        messages = take_mails()
        assert addresses(messages) == [AMELIE, BRUNO]
        dashboard = html(login(amelie, AMELIE).get("/tableau-de-bord/"))
        assert "Répondre au suivi à 12 mois" in dashboard
        answer_follow_up(amelie, re.search(r'href="http://testserver(/suivi/[^"]+)"', dashboard)[1])
        answer_follow_up(Client(), link_in(only_mail_to(messages, BRUNO), "/suivi/"))
        assert FollowUp.objects.filter(candidature=pk, answered_at__isnull=True).count() == 0
        assert set(FollowUp.objects.filter(candidature=pk).values_list("still_in_post", flat=True)) == {True}

    # 8. The whole path, in order, in the candidature's log: each step done by its own role.
    log = Candidature.objects.get(pk=pk).log.values_list(
        "transition", "to_state", "actor_role", "actor__email"
    )
    assert list(log) == [
        ("apply", State.SENT, "job_seeker", AMELIE),
        ("open", State.UNDER_REVIEW, "company", BRUNO),
        ("propose_meeting", State.UNDER_REVIEW, "company", BRUNO),
        ("choose_slot", State.MEETING_PLANNED, "job_seeker", AMELIE),
        ("propose_immersion", State.IMMERSION_PROPOSED, "company", BRUNO),
        ("sign_convention", State.IMMERSION_PROPOSED, "company", BRUNO),
        ("sign_convention", State.IMMERSION_PROPOSED, "job_seeker", AMELIE),
        ("sign_convention", State.IMMERSION_PROPOSED, "tutor", None),
        ("complete_signatures", State.CONVENTION_SIGNED, "system", None),
        ("validate_immersion", State.IMMERSION_VALIDATED, "prescriber", DAVID),
        ("record_assessment", State.IMMERSION_DONE, "company", BRUNO),
        ("give_feedback", State.IMMERSION_DONE, "job_seeker", AMELIE),
        ("propose_commitment", State.COMMITMENT_PROPOSED, "company", BRUNO),
        ("sign_commitment", State.COMMITMENT_PROPOSED, "company", BRUNO),
        ("sign_commitment", State.COMMITMENT_PROPOSED, "job_seeker", AMELIE),
        ("complete_commitment", State.COMMITMENT_SIGNED, "system", None),
        ("request_enrolment", State.ENROLMENT_REQUESTED, "system", None),
        ("accept_enrolment", State.ENROLLED, "training_organisation", CHLOE),
        ("confirm_entry", State.IN_TRAINING, "training_organisation", CHLOE),
        ("complete_training", State.TRAINING_COMPLETED, "training_organisation", CHLOE),
        ("confirm_hiring", State.HIRED, "company", BRUNO),
    ]
