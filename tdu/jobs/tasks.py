"""Huey periodic tasks (the worker discovers this module): when each job of tdu.jobs.schedule runs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tdu.jobs.schedule import DIGEST, JOBS
from tdu.utils import notifications  # noqa: F401  (registers the email delivery task with the worker)

JOB = {name: job for name, job, _ in JOBS}


@db_periodic_task(crontab(minute="5"))
def hourly_deadlines():
    JOB["deadlines"]()


@db_periodic_task(crontab(hour="2", minute="0"))
def nightly_imports():
    JOB["imports"]()


@db_periodic_task(crontab(hour="0", minute="10"))
def nightly_offer_expiry():
    JOB["expired_offers"]()


@db_periodic_task(crontab(hour="8", minute="0"))
def morning_follow_ups_and_reminders():
    for name in (
        "follow_ups",
        "convention_signature_reminders",
        "commitment_signature_reminders",
        "organisation_reminders",
    ):
        JOB[name]()


@db_periodic_task(crontab(hour="3", minute="0"))
def nightly_retention():
    JOB["retention"]()


@db_periodic_task(crontab(minute="*/5"))
def webhook_retries():
    """Retries whose scheduled task was lost (a worker restart); each claims its delivery first."""
    JOB["webhook_retries"]()


@db_periodic_task(crontab(minute="*/10"))
def stats_snapshots():
    JOB["stats"]()


@db_periodic_task(crontab(hour="7", minute="0"))
def morning_saved_search_alerts():
    JOB["saved_search_alerts"]()


@db_periodic_task(crontab(hour="7", minute="30"))
def morning_digest():
    DIGEST[1]()
