"""Bring a candidature to a given state through the services (for tests that start mid-path)."""

import datetime

from django.utils import timezone

from tdu.candidatures.services import application, commitment, immersion

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
