"""The nightly retention job on the known cohort (tests/stats/conftest.py: paths that began 700 days ago).

Default durations: candidatures anonymised 730 days after their last activity, CVs deleted 180 days after the
path ends, accounts unused for 730 days warned, then closed 30 days later.
"""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from tdu.accounts.models import User
from tdu.candidatures.models import Candidature
from tdu.jobs.schedule import JOBS
from tdu.privacy.erasure import CLOSED_EMAIL
from tdu.privacy.retention import apply_retention
from tdu.stats import snapshots
from tdu.stats.models import Snapshot
from tests.helpers import take_mails

pytestmark = pytest.mark.django_db


def later(days):
    return time_machine.travel(timezone.now() + datetime.timedelta(days=days), tick=False)


def run(days, capture):
    with later(days), capture(execute=True):
        return apply_retention()


def test_the_job_is_scheduled_every_night():
    assert ("retention", apply_retention, "chaque nuit à 3 h") in JOBS


def test_cvs_go_180_days_after_the_end_and_candidatures_730_days_after(
    cohort, django_capture_on_commit_callbacks
):
    jules = cohort.people["Jules"]  # refused two days after applying, 698 days ago
    amelie = cohort.people["Amélie"]  # hired; her 12-month follow-up was answered
    for candidature in (jules, amelie):
        candidature.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    now = run(0, django_capture_on_commit_callbacks)
    jules.refresh_from_db()
    assert now["cvs"] >= 1 and jules.cv.name == "" and jules.message != ""
    assert now["candidatures"] == 0

    snapshots.refresh_all()
    before = Snapshot.objects.get(scope="44").figures["funnel"]
    done = run(40, django_capture_on_commit_callbacks)  # Jules's refusal is now 738 days old
    jules.refresh_from_db()
    amelie.refresh_from_db()
    assert done["candidatures"] >= 1
    assert jules.job_seeker.email == CLOSED_EMAIL and jules.message == "" and jules.exit_reason == ""
    assert amelie.job_seeker.email == "amélie@example.org"  # a follow-up in the last 730 days
    snapshots.refresh_all()
    assert Snapshot.objects.get(scope="44").figures["funnel"] == before
    assert run(41, django_capture_on_commit_callbacks)["candidatures"] == 0  # nothing twice


def test_unused_accounts_are_warned_then_closed_unless_their_person_comes_back(
    cohort,
    django_capture_on_commit_callbacks,
):
    hugo, ines = cohort.people["Hugo"].job_seeker, cohort.people["Inès"].job_seeker
    take_mails()
    warned = run(40, django_capture_on_commit_callbacks)["warned"]
    assert warned >= 10
    mails = {m.to[0]: m for m in take_mails()}
    assert "Votre compte sera fermé le" in mails[hugo.email].subject
    assert cohort.cast.ada.email not in mails  # the administration is not closed this way
    assert run(41, django_capture_on_commit_callbacks)["warned"] == 0  # warned once
    User.objects.filter(pk=ines.pk).update(last_login=timezone.now() + datetime.timedelta(days=45))
    closed = run(75, django_capture_on_commit_callbacks)["closed"]
    assert closed == warned - 1
    assert not User.objects.filter(pk=hugo.pk).exists()
    assert User.objects.filter(pk=ines.pk, is_active=True).exists()
    assert Candidature.objects.filter(job_seeker__email=CLOSED_EMAIL).count() >= 9
    assert "Votre compte Trait d'union est fermé" in {m.to[0]: m for m in take_mails()}[hugo.email].subject
