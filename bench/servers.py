"""Compare WSGI servers on the search and on a path page: python -m bench.servers (make bench-servers).

For each server (gunicorn sync, gunicorn gthread, granian), the same catalogue database, the same worker count,
the same clients: N concurrent keep-alive HTTP clients for D seconds on the search API, the search page and a
job seeker's candidature page (a session made here). Prints one JSON line per run (rate, p50, p99, errors, the
load average at the end); --markdown prints a table. The catalogue comes from bench.catalogues (make bench).
"""

import argparse
import importlib.util
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.client import HTTPConnection

import django

from bench.catalogues import ROOT, Catalogue, ensure
from bench.measure import percentile

SERVERS = {
    "gunicorn-sync": lambda port, workers, threads: [
        sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning",
    ],
    "gunicorn-gthread": lambda port, workers, threads: [
        sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
        "--log-level", "warning", "--keep-alive", "30",
    ],
    "granian": lambda port, workers, threads: [
        sys.executable, "-m", "granian", "--interface", "wsgi", "config.wsgi:application", "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(workers), "--blocking-threads", str(threads),
        "--log-level", "warning", "--no-access-log",
    ],
}  # fmt: skip


def start(name, port, workers, threads, env):
    server = subprocess.Popen(SERVERS[name](port, workers, threads), cwd=ROOT, env=env)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"{name} n'a pas démarré")


def load(port, paths, clients, duration, cookie=None):
    """`clients` threads, each one keep-alive connection, random paths, for `duration` seconds."""
    headers = {"Cookie": cookie} if cookie else {}
    results, threads = [], []
    stop_at = time.perf_counter() + duration

    def worker():
        rng = random.Random(threading.get_ident())
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        local = []
        while time.perf_counter() < stop_at:
            try:
                started = time.perf_counter()
                conn.request("GET", rng.choice(paths), headers=headers)
                response = conn.getresponse()
                response.read()
                local.append((time.perf_counter() - started, response.status == 200))
            except Exception:
                local.append((0.0, False))
                conn.close()
                conn = HTTPConnection("127.0.0.1", port, timeout=30)
        results.extend(local)

    for _ in range(clients):
        thread = threading.Thread(target=worker)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    ok = [e for e, good in results if good]
    return {
        "requests": len(results),
        "rate": round(len(results) / duration, 1),
        "p50_ms": round(percentile(ok, 50) * 1000, 1),
        "p99_ms": round(percentile(ok, 99) * 1000, 1),
        "errors": sum(1 for _, good in results if not good),
        "load_1min": round(os.getloadavg()[0], 2),
    }


def cpu_seconds(pids):
    """User + system CPU seconds of these processes (Linux /proc), by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / tick
    return seconds


def server_pids(root):
    """The server and its worker processes."""
    children = {root}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            if ppid == root:
                children.add(int(entry))
    return children


def database_pids(name):
    """PostgreSQL backends connected to the bench database (their CPU is the database's share)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        )
        pids = {row[0] for row in cursor.fetchall()}
    connection.close()
    return pids


def cpu_delta(before, after):
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def fixtures(count=200, seed=42):
    """Search URLs (API and page) from weighted communes, and a job seeker's session on her candidature."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from bench.measure import homes
    from tdu.candidatures.models import Candidature
    from tdu.references.models import Commune

    places = homes(count, seed)
    api = ["/api/v1/offres?" + urllib.parse.urlencode({"commune": c, "rayon": 30}) for c in places]
    labels = {c.code: c.label for c in Commune.objects.filter(code__in=set(places))}
    page = ["/recherche/?" + urllib.parse.urlencode({"commune": labels[c], "rayon": 30}) for c in places]
    candidature = Candidature.objects.select_related("job_seeker").order_by("-pk").first()
    path, cookie = None, None
    if candidature is not None:
        user = candidature.job_seeker
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        ids = list(Candidature.objects.filter(job_seeker=user).values_list("pk", flat=True))
        path = [f"/candidatures/{pk}/" for pk in ids]
        cookie = f"sessionid={session.session_key}"
    return api, page, path, cookie


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.servers")
    parser.add_argument("--catalogue", default="postgresql,1000000,100000")
    available = [n for n in SERVERS if n != "granian" or importlib.util.find_spec("granian")]
    parser.add_argument("--servers", default=",".join(available))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--pages", default="api,page,path")
    parser.add_argument("--port", type=int, default=8840)
    args = parser.parse_args()

    backend, offers, sessions = args.catalogue.split(",")
    catalogue = Catalogue(backend, int(offers), int(sessions))
    ensure(catalogue)
    env = {**catalogue.env(), "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_FORMAT": "text"}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    django.setup()
    api, page, path, cookie = fixtures()
    from django.db import connection

    connection.close()
    targets = {"api": (api, None), "page": (page, None), "path": (path, cookie)}
    port = args.port
    for name in args.servers.split(","):
        port += 1
        server = start(name, port, args.workers, args.threads, env)
        try:
            for page_name in args.pages.split(","):
                paths, cookie_header = targets[page_name]
                if not paths:
                    print(f"(pas de candidature dans la base : page {page_name} non mesurée)")
                    continue
                load(port, paths, args.clients, 4, cookie_header)  # every worker's caches and connections
                web = server_pids(server.pid)
                database = database_pids(catalogue.name) if backend == "postgresql" else set()
                web_before, db_before = cpu_seconds(web), cpu_seconds(database)
                figures = load(port, paths, args.clients, args.duration, cookie_header)
                web_cpu = cpu_delta(web_before, cpu_seconds(web))
                db_cpu = cpu_delta(db_before, cpu_seconds(database | database_pids(catalogue.name)))
                done = max(1, figures["requests"] - figures["errors"])
                # CPU per request: what the machine's other load does not change (it only slows the clock).
                figures["web_cpu_ms"] = round(web_cpu * 1000 / done, 1)
                figures["db_cpu_ms"] = round(db_cpu * 1000 / done, 1) if database else None
                row = {"server": name, "workers": args.workers, "threads": args.threads, "page": page_name}
                print("BENCH-SERVER " + json.dumps({**row, **figures}), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
        time.sleep(2)


if __name__ == "__main__":
    main()
