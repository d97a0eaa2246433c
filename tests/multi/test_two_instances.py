"""Two web instances and two task workers on one PostgreSQL database and one Redis, as in production.

The instances are gunicorn processes (config.wsgi, DEBUG off: tests.multi.settings is config.settings over plain
HTTP, with emails written as files); the workers are `manage.py run_huey` on Redis (REDIS_URL, a dedicated
database number). The data is made here with the factories and committed (transactional tests); then everything
goes through HTTP or the queue, never through this process's signals or caches.

Run by .ci/run after the PostgreSQL suite: `pytest -m multi tests/multi` with DATABASE_URL on PostgreSQL.
"""

import datetime
import email
import email.policy
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature, Enrolment, TransitionLog
from tdu.candidatures.services import application, commitment, immersion
from tdu.trainings.models import TrainingSession
from tests.factories import (
    PASSWORD,
    FundedSessionFactory,
    OfferFactory,
    company_member,
    job_seeker,
    prescriber,
    prescriber_organisation,
    training_member,
)
from tests.situations import IMMERSION, commitment_data, to_enrolment_requested, to_immersion_done

pytestmark = [pytest.mark.multi, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("MULTI_REDIS_URL", "redis://127.0.0.1:6379/13")
ROOT = Path(settings.BASE_DIR)
CONCURRENT = 50
CANDIDATES = 10  # waiting for the last place, each made through the services (~2 s)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """Two gunicorn instances (A, B) and two Huey workers, started once for the module."""

    def __init__(self, workdir: Path, database_url: str):
        self.workdir = workdir
        self.procs: list[tuple[str, subprocess.Popen]] = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))},
            "DJANGO_SETTINGS_MODULE": "tests.multi.settings",
            "DEBUG": "false",
            "SECRET_KEY": "multi-instance-test-secret-key-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "https://traitdunion.example.org",
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "0",
            "REDIS_URL": REDIS_URL,
            "TDU_VAR_DIR": str(workdir / "var"),
            "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
            "TWO_FACTOR_REQUIRED": "false",
            "LOG_FORMAT": "text",
            "HUEY_WORKERS": "2",
        }
        self.ports = {"A": free_port(), "B": free_port()}
        self.mail_dirs = []
        self.files = []

    def url(self, instance, path=""):
        return f"http://127.0.0.1:{self.ports[instance]}{path}"

    def _start(self, name, command, **extra):
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115  (closed in stop)
        self.files.append(log)
        proc = subprocess.Popen(
            command, cwd=ROOT, env={**self.env, **extra}, stdout=log, stderr=subprocess.STDOUT
        )
        self.procs.append((name, proc))
        return proc

    def start(self):
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        (self.workdir / "var" / "staticfiles").mkdir(parents=True)
        for name, port in self.ports.items():
            mail = self.workdir / f"mail-{name}"
            mail.mkdir()
            # The Procfile's web command when it has its configuration (config/gunicorn.conf.py), else plain gunicorn.
            conf = (
                ["--config", "config/gunicorn.conf.py"]
                if (ROOT / "config" / "gunicorn.conf.py").exists()
                else []
            )
            self._start(
                f"web-{name}",
                [sys.executable, "-m", "gunicorn", *conf, "config.wsgi:application",
                 "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4", "--graceful-timeout", "5"],
                EMAIL_FILE_PATH=str(mail), HOST="127.0.0.1", PORT=str(port), WEB_TIMEOUT="60",
            )  # fmt: skip
        for number in (1, 2):
            mail = self.workdir / f"mail-worker{number}"
            mail.mkdir()
            self.mail_dirs.append(mail)
            self._start(
                f"worker{number}", [sys.executable, "manage.py", "run_huey"], EMAIL_FILE_PATH=str(mail)
            )
        deadline = time.monotonic() + 60
        for instance in self.ports:
            while True:
                self.check_alive()
                try:
                    if requests.get(self.url(instance, "/"), timeout=30).status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"instance {instance} did not start:\n{self.logs()}")
                time.sleep(0.3)

    def check_alive(self):
        for name, proc in self.procs:
            if proc.poll() is not None:
                raise AssertionError(f"{name} stopped (exit {proc.returncode}):\n{self.logs()}")

    def logs(self, tail=3000):
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-tail:]}"
            for path in self.workdir.glob("*.log")
        )

    def stop(self):
        for _, proc in self.procs:
            proc.terminate()
        for _, proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in self.files:
            log.close()

    def manage(self, *args):
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, "EMAIL_FILE_PATH": str(self.workdir)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def queue_is_empty(self):
        from huey import RedisHuey

        return RedisHuey("trait-d-union", url=REDIS_URL).pending_count() == 0

    def emails(self):
        """Every email the workers sent: (recipient, subject, body) for each."""
        found = []
        for folder in self.mail_dirs:
            for path in sorted(folder.glob("*.log")):
                for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                    if chunk.strip():
                        message = email.message_from_bytes(chunk.strip(), policy=email.policy.default)
                        body = message.get_body(("plain",))
                        found.append((str(message["To"]), str(message["Subject"]), body.get_content()))
        return found

    def settle(self, quiet=3.0, limit=90):
        """Wait until the queue is empty and no email has come for `quiet` seconds."""
        deadline = time.monotonic() + limit
        last, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            self.check_alive()
            count = len(self.emails())
            if count != last or not self.queue_is_empty():
                last, since = count, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.3)
        raise AssertionError(f"the queue did not settle:\n{self.logs()}")


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("two instances need one PostgreSQL database (DATABASE_URL)")
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="tdu-multi-"))
    running = Cluster(workdir, database_url)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(workdir, ignore_errors=True)


# --- HTTP as a browser does it -----------------------------------------------------------------------------

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    """One person's cookies (one session in the database), usable on either instance."""

    def __init__(self, cluster, person, instance="A"):
        self.cluster = cluster
        session = requests.Session()
        page = session.get(cluster.url(instance, "/compte/connexion/"), timeout=10)
        response = session.post(
            cluster.url(instance, "/compte/connexion/"),
            {
                "username": person.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": TOKEN.search(page.text)[1],
            },
            allow_redirects=False,
            timeout=10,
        )
        errors = re.findall(r'class="fr-(?:error-text|alert[^"]*)"[^>]*>(.*?)<', response.text, re.S)
        assert response.status_code == 302, (response.status_code, errors)
        self.cookies = session.cookies.get_dict()
        self.token = TOKEN.search(requests.get(cluster.url(instance, "/"), cookies=self.cookies).text)
        self.token = self.token[1] if self.token else self.cookies["csrftoken"]

    def get(self, instance, path, **params):
        return requests.get(self.cluster.url(instance, path), params=params, cookies=self.cookies, timeout=30)

    def post(self, instance, path, data):
        return requests.post(
            self.cluster.url(instance, path),
            {**data, "csrfmiddlewaretoken": self.token},
            cookies=self.cookies,
            allow_redirects=False,
            timeout=60,
        )


def at_once(calls):
    """Fire every call at the same instant (one thread each); their responses, in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def instance_of(i):
    return "AB"[i % 2]


# --- 1. Conflicting transitions ------------------------------------------------------------------------------


def test_fifty_conflicting_transitions_over_both_instances_exactly_one_wins(cluster):
    offer = OfferFactory()
    FundedSessionFactory()
    company = company_member(company=offer.company)
    seeker = job_seeker()
    candidature = application.apply(offer, seeker, seeker, "Bonjour, je soude depuis trois ans.")
    # Logged in on one instance, the same session works on the other (sessions are in the database).
    recruiter, person = Visitor(cluster, company, "A"), Visitor(cluster, seeker, "B")
    path = f"/candidatures/{candidature.pk}/actions/{{}}/"
    refuse = {"reason_code": "position_filled", "reason": "Le poste a été pourvu hier."}
    withdraw = {"reason": "J'ai trouvé un autre emploi."}

    def call(i):
        if i % 4 < 2:
            return lambda: recruiter.post(instance_of(i), path.format("refuse"), refuse)
        return lambda: person.post(instance_of(i), path.format("withdraw"), withdraw)

    started = time.perf_counter()
    responses = at_once([call(i) for i in range(CONCURRENT)])
    elapsed = time.perf_counter() - started
    statuses = [r.status_code for r in responses]
    assert [s for s in statuses if s >= 500] == [], cluster.logs()
    assert statuses.count(302) == 1, statuses
    assert set(statuses) <= {302, 400, 403, 409}, statuses
    candidature.refresh_from_db()
    assert candidature.state in (State.REFUSED, State.WITHDRAWN)
    assert TransitionLog.objects.filter(candidature=candidature).exclude(transition="apply").count() == 1
    print(f"\n50 conflicting transitions over 2 instances: {elapsed:.2f} s, statuses {sorted(set(statuses))}")


# --- 2. The last funded place ----------------------------------------------------------------------------------


def test_fifty_concurrent_acceptances_of_the_last_funded_place_make_one_enrolment(cluster):
    organisation = prescriber_organisation()
    offer = OfferFactory()
    session = FundedSessionFactory(funded_places=1)
    company = company_member(company=offer.company)
    adviser = prescriber(organisation=organisation)
    trainer = training_member(organisation=session.training.organisation)
    requested = []
    for n in range(CANDIDATES):
        seeker = job_seeker(email=f"place{n}@example.org", prescriber_organisation=organisation)
        candidature = to_immersion_done(offer, seeker, company, adviser)
        requested.append(to_enrolment_requested(candidature, seeker, company, session).pk)
    visitor = Visitor(cluster, trainer, "B")
    # Each candidature accepted 5 times at once (a double click, two tabs, both instances): 50 acceptances.
    accept = "/candidatures/{}/actions/accept_enrolment/"
    responses = at_once(
        [
            (lambda i=i: visitor.post(instance_of(i), accept.format(requested[i % CANDIDATES]), {}))
            for i in range(CONCURRENT)
        ]
    )
    statuses = [r.status_code for r in responses]
    assert [s for s in statuses if s >= 500] == [], cluster.logs()
    assert statuses.count(302) == 1, statuses
    session.refresh_from_db()
    assert session.enrolled_count == 1
    assert Enrolment.objects.filter(session=session, status="accepted").count() == 1
    assert Candidature.objects.filter(pk__in=requested, state=State.ENROLLED).count() == 1


# --- 3. The search of the other instance -----------------------------------------------------------------------


def test_a_session_closed_through_instance_a_leaves_the_search_of_instance_b_at_once(cluster):
    offer = OfferFactory()
    session = FundedSessionFactory()
    trainer = training_member(organisation=session.training.organisation)
    anonymous = requests.Session()

    def listed_on_b():
        response = anonymous.get(cluster.url("B", "/recherche/"), params={"commune": "Metz", "rayon": "30"})
        assert response.status_code == 200
        return f'href="/offres/{offer.pk}/"' in response.text

    # Several searches: both gunicorn workers of B hold the session side in their caches.
    assert all(listed_on_b() for _ in range(6))
    visitor = Visitor(cluster, trainer, "A")
    siret = session.training.organisation.siret
    response = visitor.post(
        "A", f"/espace/organisme/{siret}/sessions/{session.pk}/recrutement/", {"recrutement": "fermer"}
    )
    assert response.status_code == 302, response.text[-2000:]
    assert not TrainingSession.objects.get(pk=session.pk).recruitment_open
    assert not any(listed_on_b() for _ in range(6))


# --- 4. Periodic jobs on both workers at once ------------------------------------------------------------------


def due_for_every_job():
    """Rows that each emailing periodic job must act on today, once."""
    now = timezone.now()
    organisation = prescriber_organisation()
    offer = OfferFactory()
    session = FundedSessionFactory()
    company = company_member(company=offer.company)
    adviser = prescriber(organisation=organisation)
    training_member(organisation=session.training.organisation)
    seekers = iter(
        job_seeker(email=f"due{n}@example.org", prescriber_organisation=organisation) for n in range(20)
    )

    # Deadlines: company reminders after 5 business days, expiry after 30 days.
    for days in (10, 12, 40):
        seeker = next(seekers)
        candidature = application.apply(OfferFactory(company=offer.company), seeker, seeker, "Bonjour")
        Candidature.objects.filter(pk=candidature.pk).update(created_at=now - datetime.timedelta(days=days))
    # Signature reminders: a convention and a commitment issued 4 days ago.
    seeker = next(seekers)
    candidature = application.apply(OfferFactory(company=offer.company), seeker, seeker, "Bonjour")
    application.open_candidature(candidature, company)
    start = timezone.localdate() + datetime.timedelta(days=7)
    immersion.propose_immersion(candidature, company, {**IMMERSION, "start_date": start, "end_date": start})
    type(candidature.current_convention).objects.filter(candidature=candidature).update(
        created_at=now - datetime.timedelta(days=4)
    )
    seeker = next(seekers)
    candidature = to_immersion_done(OfferFactory(company=offer.company), seeker, company, adviser)
    commitment.propose_commitment(candidature, company, commitment_data(session))
    type(candidature.current_commitment).objects.filter(candidature=candidature).update(
        created_at=now - datetime.timedelta(days=4)
    )
    # The training organisation's reminder: an enrolment request 8 days old.
    seeker = next(seekers)
    candidature = to_enrolment_requested(
        to_immersion_done(OfferFactory(company=offer.company), seeker, company, adviser),
        seeker,
        company,
        session,
    )
    Enrolment.objects.filter(candidature=candidature).update(requested_at=now - datetime.timedelta(days=8))
    # Retention: an account unused for 800 days (warned), another warned 40 days ago (closed).
    from tdu.privacy.models import InactivityWarning

    old = now - datetime.timedelta(days=800)
    unused, closing = next(seekers), next(seekers)
    type(unused).objects.filter(pk__in=[unused.pk, closing.pk]).update(last_login=old, date_joined=old)
    InactivityWarning.objects.create(user=closing, warned_at=now - datetime.timedelta(days=40))
    # A saved search with a new offer since yesterday.
    from tdu.alerts.models import SavedSearch

    SavedSearch.objects.create(
        user=next(seekers),
        commune=offer.commune,
        radius_km=30,
        training_radius_km=30,
        notified_until=now - datetime.timedelta(days=1),
        created_at=now - datetime.timedelta(days=2),
    )
    OfferFactory(company=offer.company)


PERIODIC = [
    "hourly_deadlines",
    "nightly_offer_expiry",
    "morning_follow_ups_and_reminders",
    "nightly_retention",
    "webhook_retries",
    "morning_saved_search_alerts",
    "stats_snapshots",
    "morning_digest",
]


def test_every_periodic_job_run_on_both_workers_and_by_hand_at_once_sends_each_email_once(cluster):
    due_for_every_job()
    cluster.settle()
    before = Counter(cluster.emails())
    # Each periodic task twice in the queue (the two workers take the copies side by side), and the same jobs
    # by hand in two more processes (`run_jobs`, no lock: only the claims keep them apart), all at once.
    enqueue = "from tdu.jobs import tasks\n" + "".join(
        f"tasks.{name}(); tasks.{name}()\n" for name in PERIODIC
    )
    started = [cluster.manage("shell", "-c", enqueue), cluster.manage("run_jobs", "--digest")]
    started.append(cluster.manage("run_jobs", "--digest"))
    for proc in started:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0, out.decode()[-3000:]
    cluster.settle()
    sent = Counter(cluster.emails()) - before
    duplicates = sorted((to, subject, count) for (to, subject, _), count in sent.items() if count > 1)
    assert duplicates == [], duplicates
    subjects = " | ".join(sorted(subject for _, subject, _ in sent))
    print(f"\n{sent.total()} emails by the periodic jobs, each once: {subjects}")
    # The digest (reminders included), the signature reminder, retention's notice and closure, the saved search.
    for words in ("récapitulatif", "rappel", "sera fermé", "est fermé", "recherche enregistrée"):
        assert words in subjects.lower(), (words, subjects)
    # Run again (both paths): nothing more to send.
    again = [cluster.manage("run_jobs", "--digest"), cluster.manage("shell", "-c", enqueue)]
    for proc in again:
        proc.communicate(timeout=120)
    cluster.settle()
    assert Counter(cluster.emails()) == before + sent
