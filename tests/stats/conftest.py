"""A cohort whose outcome is known, walked through the services two years ago, answered by hand.

Ten people apply to the cast's offer on the same day (T0, 700 days ago) and share its session (12 places,
5 000 € a place), which starts at T0 + 30 days and ends at T0 + 210 days:
- Amélie, Bastien, Céline, Damien, Émilie and Farid are hired a week after the end of the training;
- Gaëlle completed the training and waits for her contract (never hired); Hugo completed it and the promise was
  not honoured; Inès abandoned the training a month after it started; Jules was refused at once.
Answers at 6 months: Amélie (same company, CDI), Bastien (another company, CDD of 6 months or more), the
company for Céline (still there, CDI), the company for Damien (she left), Émilie (no job); nobody for Farid.
At 12 months only Amélie answers (same company, CDI).
"""

import dataclasses
import datetime

import pytest
import time_machine
from django.utils import timezone

from tdu.candidatures.enums import ContractNow, Respondent
from tdu.candidatures.models import FollowUp
from tdu.candidatures.services import application, hiring, training
from tdu.stats import snapshots
from tests import factories as f
from tests.situations import candidature_at, make_cast

NAMES = ["Amélie", "Bastien", "Céline", "Damien", "Émilie", "Farid", "Gaëlle", "Hugo", "Inès", "Jules"]
DAYS_AGO = 700
PRICE = 5000


@dataclasses.dataclass
class Cohort:
    cast: object
    people: dict  # first name → candidature
    t0: datetime.date
    session: object


def _at(day):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False
    )


def answer(candidature, months, respondent, in_post, same, contract):
    follow_up = FollowUp.objects.get(candidature=candidature, milestone_months=months, respondent=respondent)
    hiring.answer_follow_up(follow_up, still_in_post=in_post, same_company=same, contract_now=contract)


@pytest.fixture
def cohort(db, django_capture_on_commit_callbacks):
    t0 = timezone.localdate() - datetime.timedelta(days=DAYS_AGO)
    people = {}
    with django_capture_on_commit_callbacks(execute=True):
        with _at(t0):
            cast = make_cast()
            cast.session.price_total = PRICE
            cast.session.save()
            for name in NAMES:
                seeker = f.job_seeker(
                    email=f"{name.lower()}@example.org",
                    first_name=name,
                    last_name="Test",
                    prescriber_organisation=cast.amelie.job_seeker_profile.prescriber_organisation,
                )
                step = {
                    "Gaëlle": "training_completed",
                    "Hugo": "training_completed",
                    "Inès": "in_training",
                }.get(name, "under_review" if name == "Jules" else "hired")
                people[name] = candidature_at(dataclasses.replace(cast, amelie=seeker), step)
        session = cast.session
        with _at(session.start_date + datetime.timedelta(days=30)):
            training.abandon_training(people["Inès"], cast.chloe, "Déménagement.")
        with _at(t0 + datetime.timedelta(days=2)):
            application.refuse(people["Jules"], cast.bruno, "position_filled", "Le poste a été pourvu.")
        with _at(session.end_date + datetime.timedelta(days=20)):
            hiring.not_hired(people["Hugo"], people["Hugo"].job_seeker, "L'entreprise a fermé l'atelier.")
        J, C = Respondent.JOB_SEEKER, Respondent.COMPANY
        answer(people["Amélie"], 6, J, True, True, ContractNow.CDI)
        answer(people["Bastien"], 6, J, True, False, ContractNow.CDD_LONG)
        answer(people["Céline"], 6, C, True, True, ContractNow.CDI)
        answer(people["Damien"], 6, C, False, False, ContractNow.NONE)
        answer(people["Émilie"], 6, J, False, False, ContractNow.NONE)
        answer(people["Amélie"], 12, J, True, True, ContractNow.CDI)
    snapshots.refresh_all()
    return Cohort(cast=cast, people=people, t0=t0, session=session)


@pytest.fixture
def refreshed():
    """Bring the records and snapshots up to date (what the 10-minute job does)."""

    return snapshots.refresh_all
