"""Huey periodic tasks: the worker (manage.py run_huey) runs them; each job is idempotent."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tdu.candidatures.deadlines import process_deadlines
from tdu.commitments import jobs


@db_periodic_task(crontab(minute="5"))
def hourly_deadlines():
    process_deadlines()


@db_periodic_task(crontab(hour="0", minute="10"))
def nightly_offer_expiry():
    jobs.expire_offers()


@db_periodic_task(crontab(hour="8", minute="0"))
def morning_follow_ups_and_reminders():
    jobs.send_follow_ups()
    jobs.remind_signatures()
    jobs.remind_training_organisations()


@db_periodic_task(crontab(hour="7", minute="30"))
def morning_digest():
    jobs.daily_digest()
