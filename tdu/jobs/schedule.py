"""Every periodic job of the service, in one list. Each job lives next to its data and is idempotent: it
claims its rows with a conditional UPDATE before sending anything, so that two runs at once send nothing twice.

The worker (manage.py run_huey) runs them on the crontabs of tdu.jobs.tasks; `manage.py run_jobs` runs them by
hand, in this order.
"""

from tdu.alerts import jobs as alerts
from tdu.candidatures import dashboard
from tdu.candidatures.services import application, commitment, hiring, immersion, training
from tdu.imports import jobs as imports
from tdu.offers import jobs as offers
from tdu.partners import webhooks
from tdu.privacy import retention
from tdu.stats import snapshots as stats

# (name, function, when) — `when` is read by tdu.jobs.tasks.
JOBS = [
    ("imports", imports.nightly_imports, "chaque nuit à 2 h"),
    ("expired_offers", offers.expire_offers, "chaque nuit à 0 h 10"),
    ("deadlines", application.process_deadlines, "chaque heure"),
    ("follow_ups", hiring.send_follow_ups, "chaque matin à 8 h"),
    (
        "convention_signature_reminders",
        immersion.remind_convention_signatures,
        "chaque matin à 7 h 30 et 8 h",
    ),
    (
        "commitment_signature_reminders",
        commitment.remind_commitment_signatures,
        "chaque matin à 7 h 30 et 8 h",
    ),
    ("organisation_reminders", training.remind_training_organisations, "chaque matin à 7 h 30 et 8 h"),
    ("webhook_retries", webhooks.due_retries, "toutes les 5 minutes"),
    ("retention", retention.apply_retention, "chaque nuit à 3 h"),
    ("saved_search_alerts", alerts.send_alerts, "chaque matin à 7 h"),
    # Last: the figures then include what the jobs above changed.
    ("stats", stats.refresh_all, "toutes les 10 minutes"),
]

# Also run just before the digest, in its task (reminders_then_digest).
MORNING_REMINDERS = (
    "convention_signature_reminders",
    "commitment_signature_reminders",
    "organisation_reminders",
)
JOB = {name: job for name, job, _ in JOBS}


def reminders_then_digest(now=None):
    """The day's reminders, then the digest that says them (the reminder jobs only record them for people with
    an account): run in this order in one task, a reminder due this morning is in this morning's digest. One
    recorded later (at 8 h, or by the hourly deadlines) is in the next digest: the digest reads the reminders
    recorded since the person's previous one. Each job claims its rows, so running them twice sends nothing."""
    for name in ("deadlines", *MORNING_REMINDERS):
        JOB[name](now)
    return dashboard.send_daily_digests(now)


DIGEST = ("digest", reminders_then_digest, "chaque matin à 7 h 30, après les relances du jour")


def run_all(now=None, *, digest=False):
    """Everything, in order; returns what each job did."""
    results = {name: job(now) for name, job, _ in JOBS}
    if digest:
        results[DIGEST[0]] = DIGEST[1](now)
    return results
