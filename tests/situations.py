"""Bring a candidature to a given state through the services (for tests that start mid-path)."""

import datetime
from dataclasses import dataclass

import time_machine
from django.utils import timezone

from tdu.candidatures.models import Candidature
from tdu.candidatures.services import application, commitment, hiring, immersion, meetings, training

IMMERSION = {
    "place": "Atelier, Metz",
    "objective": "recruit",
    "activities": "Soudage TIG.",
    "risks": "EPI obligatoires.",
    "tutor_name": "Jean Muller",
    "tutor_role": "Chef d'atelier",
    "tutor_email": "jean.muller@example.org",
    "tutor_phone": "0387000000",
    "schedule": {"lundi": [["09:00", "12:00"]]},
}


def to_immersion_done(offer, seeker, company, adviser):
    candidature = application.apply(offer, seeker, seeker, "Bonjour")
    application.open_candidature(candidature, company)
    start = timezone.localdate() + datetime.timedelta(days=1)
    immersion.propose_immersion(candidature, company, {**IMMERSION, "start_date": start, "end_date": start})
    immersion.sign_convention(candidature, "company", company.full_name, company)
    immersion.sign_convention(candidature, "beneficiary", seeker.full_name, seeker)
    immersion.sign_convention(candidature, "tutor", "Jean Muller", None)
    immersion.validate_immersion(candidature, adviser)
    convention = candidature.current_convention
    type(convention).objects.filter(pk=convention.pk).update(
        start_date=start - datetime.timedelta(days=3), end_date=start - datetime.timedelta(days=2)
    )
    immersion.record_assessment(
        candidature,
        company,
        {
            "outcome": "completed",
            "skills_observed": "Bien.",
            "recommends_hiring_promise": True,
            "comment": "",
        },
    )
    return candidature


def commitment_data(session, **overrides):
    data = {
        "session": session,
        "job_title": "Soudeur / Soudeuse TIG",
        "workplace": "12 rue des Forges, Metz",
        "contract_type": "cdi",
        "contract_duration_months": None,
        "weekly_hours": 35,
        "gross_monthly_salary": 2150,
        "planned_start_date": session.end_date + datetime.timedelta(days=7),
        "certification_required": True,
    }
    data.update(overrides)
    return data


def to_enrolment_requested(candidature, seeker, company, session):
    commitment.propose_commitment(candidature, company, commitment_data(session))
    commitment.sign_commitment(candidature, "company", company.full_name, company)
    commitment.sign_commitment(candidature, "beneficiary", seeker.full_name, seeker)
    return candidature


# --- One cast, and a candidature at any step of the path ------------------------------------------------


@dataclass
class Cast:
    """The people of one path, and people who have nothing to do with it."""

    offer: object
    session: object
    amelie: object  # the job seeker, followed by France Travail Metz
    bruno: object  # recruits for the offer's company
    chloe: object  # the session's training organisation
    david: object  # adviser at France Travail Metz
    elise: object  # Grand Est region staff
    ada: object  # platform operator (Django staff)
    zoe: object  # another job seeker
    olivier: object  # another company
    odile: object  # another training organisation
    paul: object  # an adviser of another structure
    ida: object  # staff of another region

    def people(self):
        return {name: value for name, value in vars(self).items() if name not in {"offer", "session"}}

    def everyone_but(self, *allowed):
        return [person for person in self.people().values() if person not in allowed]


def make_cast():
    from tests import factories as f

    france_travail = f.prescriber_organisation()
    nancy = f.prescriber_organisation(name="Mission locale de Nancy", kind="mission_locale")
    offer = f.OfferFactory()
    session = f.FundedSessionFactory()
    return Cast(
        offer=offer,
        session=session,
        amelie=f.job_seeker(prescriber_organisation=france_travail),
        bruno=f.company_member(company=offer.company),
        chloe=f.training_member(organisation=session.training.organisation),
        david=f.prescriber(organisation=france_travail),
        elise=f.region_staff(),
        ada=f.person("ada.admin@example.org", "Ada", "Admin", is_staff=True, is_superuser=True),
        zoe=f.job_seeker(email="zoe.bernard@example.org", first_name="Zoé", last_name="Bernard"),
        olivier=f.company_member(email="olivier.roux@example.org", first_name="Olivier", last_name="Roux"),
        odile=f.training_member(email="odile.faure@example.org", first_name="Odile", last_name="Faure"),
        paul=f.prescriber(
            organisation=nancy, email="paul.henry@example.org", first_name="Paul", last_name="Henry"
        ),
        ida=f.region_staff(region="11", email="ida.petit@example.org", first_name="Ida", last_name="Petit"),
    )


def meeting_slots(days=3):
    when = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)
    return [
        {"starts_at": when, "duration_minutes": 45, "place": "12 rue des Forges, Metz", "video_link": ""},
        {
            "starts_at": when + datetime.timedelta(hours=4),
            "duration_minutes": 45,
            "place": "",
            "video_link": "https://visio.example.org/abc",
        },
    ]


def end_immersion(candidature):
    """Move the immersion into the past (the services refuse to issue one that has started)."""
    convention = candidature.current_convention
    today = timezone.localdate()
    type(convention).objects.filter(pk=convention.pk).update(
        start_date=today - datetime.timedelta(days=5), end_date=today - datetime.timedelta(days=1)
    )


STEPS = [
    "sent", "under_review", "meeting_proposed", "meeting_planned", "immersion_proposed", "convention_signed",
    "immersion_validated", "immersion_ended", "immersion_done", "commitment_proposed", "enrolment_requested",
    "commitment_signed", "enrolled", "in_training", "training_completed", "hired",
]  # fmt: skip


def on_day(day, hour=9):
    """Travel to `day` (in the service's time zone), where the step happens."""
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))))


def candidature_at(cast, step):
    """A candidature of Amélie to the cast's offer, brought to `step` through the services.

    `meeting_proposed` is under review with two slots; `immersion_ended` is validated with its last day
    passed; `commitment_signed` follows a refused enrolment (the company may choose another session).
    """
    c, amelie, bruno, chloe, david = cast, cast.amelie, cast.bruno, cast.chloe, cast.david
    target = STEPS.index(step)

    def reached(name):
        return target >= STEPS.index(name)

    candidature = application.apply(c.offer, amelie, amelie, "Bonjour, je soude depuis trois ans.")
    if reached("under_review"):
        application.open_candidature(candidature, bruno)
    if reached("meeting_proposed"):
        meetings.propose_meeting(candidature, bruno, meeting_slots())
    if reached("meeting_planned"):
        meetings.choose_slot(candidature, amelie, candidature.pending_slots[0].pk)
    if reached("immersion_proposed"):
        start = timezone.localdate() + datetime.timedelta(days=7)
        immersion.propose_immersion(
            candidature,
            bruno,
            {**IMMERSION, "start_date": start, "end_date": start + datetime.timedelta(days=4)},
        )
    if reached("convention_signed"):
        immersion.sign_convention(candidature, "company", bruno.full_name, bruno)
        immersion.sign_convention(candidature, "beneficiary", amelie.full_name, amelie)
        immersion.sign_convention(candidature, "tutor", "Jean Muller", None)
    if reached("immersion_validated"):
        immersion.validate_immersion(candidature, david)
    if reached("immersion_ended"):
        end_immersion(candidature)
    if reached("immersion_done"):
        immersion.record_assessment(
            candidature,
            bruno,
            {
                "outcome": "completed",
                "skills_observed": "Bien.",
                "recommends_hiring_promise": True,
                "comment": "",
            },
        )
    if reached("commitment_proposed"):
        commitment.propose_commitment(candidature, bruno, commitment_data(c.session))
    if reached("enrolment_requested"):
        commitment.sign_commitment(candidature, "company", bruno.full_name, bruno)
        commitment.sign_commitment(candidature, "beneficiary", amelie.full_name, amelie)
    if step == "commitment_signed":
        training.refuse_enrolment(candidature, chloe, "Prérequis de sécurité à valider.")
    if reached("enrolled") and step != "commitment_signed":
        training.accept_enrolment(candidature, chloe)
    if reached("in_training"):
        session = c.session
        with on_day(session.start_date):
            training.confirm_entry(candidature, chloe, session.start_date)
    # Each step is declared on its day: nothing is done in the future.
    if reached("training_completed"):
        with on_day(c.session.end_date):
            training.complete_training(candidature, chloe, c.session.end_date, True)
    if reached("hired"):
        hired_on = c.session.end_date + datetime.timedelta(days=7)
        with on_day(hired_on):
            hiring.confirm_hiring(candidature, bruno, hired_on, "cdi", None, 35)
    candidature.refresh_from_db()
    return Candidature.objects.get(pk=candidature.pk)
