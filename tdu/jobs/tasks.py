"""Huey periodic tasks (the worker discovers this module): when each job of tdu.jobs.schedule runs.

Every worker enqueues them (several instances, several workers): each task takes its lock (Huey's lock_task, in
the shared task storage: Redis or SQLite), so that one job never runs twice at the same time — a second copy
started meanwhile is skipped, logged « not run, unable to acquire lock » — and each job claims its rows before
sending anything, so that a copy run just after sends nothing either. A worker frees the locks left by a stopped
one as it starts (HUEY["consumer"]["flush_locks"]).
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from tdu.jobs.schedule import DIGEST, JOBS
from tdu.utils import notifications  # noqa: F401  (registers the email delivery task with the worker)

JOB = {name: job for name, job, _ in [*JOBS, DIGEST]}


@db_periodic_task(crontab(minute="5"))
@lock_task("hourly_deadlines")
def hourly_deadlines():
    JOB["deadlines"]()


@db_periodic_task(crontab(hour="2", minute="0"))
@lock_task("nightly_imports")
def nightly_imports():
    JOB["imports"]()


@db_periodic_task(crontab(hour="0", minute="10"))
@lock_task("nightly_offer_expiry")
def nightly_offer_expiry():
    JOB["expired_offers"]()


@db_periodic_task(crontab(hour="8", minute="0"))
@lock_task("morning_follow_ups_and_reminders")
def morning_follow_ups_and_reminders():
    for name in (
        "follow_ups",
        "convention_signature_reminders",
        "commitment_signature_reminders",
        "organisation_reminders",
    ):
        JOB[name]()


@db_periodic_task(crontab(hour="3", minute="0"))
@lock_task("nightly_retention")
def nightly_retention():
    JOB["retention"]()


@db_periodic_task(crontab(minute="*/5"))
@lock_task("webhook_retries")
def webhook_retries():
    """Retries whose scheduled task was lost (a worker restart); each claims its delivery first."""
    JOB["webhook_retries"]()


@db_periodic_task(crontab(minute="*/10"))
@lock_task("stats_snapshots")
def stats_snapshots():
    JOB["stats"]()


@db_periodic_task(crontab(hour="7", minute="0"))
@lock_task("morning_saved_search_alerts")
def morning_saved_search_alerts():
    JOB["saved_search_alerts"]()


@db_periodic_task(crontab(hour="7", minute="30"))
@lock_task("morning_digest")
def morning_digest():
    JOB["digest"]()
