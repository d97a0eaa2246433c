"""make bench-stats: the region's dashboard and /stats/ with 10 000 and 1 000 000 candidatures, both databases.

For each backend, two databases share one catalogue size (100 000 offers, 10 000 sessions) and differ only by the
candidatures generated on it (`generate_candidatures`: 900 days of history, every state, follow-ups answered or
not). They are generated once and kept (var/bench/, PostgreSQL databases tdu_bench_stats_*). Then, side by side in
one run, for each database: the job that refreshes the figures (records repaired, linked offers, snapshots) and,
over HTTP (gunicorn, one client, N requests each, after a warm-up), the p50 and p95 of the Grand Est dashboard as its
staff sees it, of /stats/ and /api/v1/stats, and of a filtered dashboard (year and department, computed on the
fly). Prints a table, the 1 M / 10 k ratios, and writes var/bench/stats.json (and the "stats" key of
var/bench/results.json).

Options: --sizes 10000,1000000 --requests 200 --backends sqlite,postgresql
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from http.client import HTTPConnection

from bench.catalogues import BENCH_DIR, NO_RATE_LIMIT, PG_SERVER, ROOT, postgres_available
from bench.measure import percentile, start_server

OFFERS, SESSIONS = 100_000, 10_000
REGION = "44"
STAFF = "pilotage@bench.traitdunion.beta.gouv.fr"


def database_url(backend, size):
    name = f"tdu_bench_stats_{size}"
    if backend == "sqlite":
        return f"sqlite:///{BENCH_DIR / (name + '.sqlite3')}"
    return f"{PG_SERVER}/{name}"


def env(backend, size):
    return {
        **os.environ,
        "DATABASE_URL": database_url(backend, size),
        "DEBUG": "false",
        "SECRET_KEY": "bench",
        "SITE_URL": "https://bench.invalid",  # emailed links (none are read)
        "TDU_LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **NO_RATE_LIMIT,
    }


def manage(backend, size, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env(backend, size), check=True)


def ensure(backend, size):
    """Create and fill the database once; return the seconds generation took (None when it was there)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    marker = BENCH_DIR / f"stats-{backend}-{size}.ready"
    name = f"tdu_bench_stats_{size}"
    if backend == "postgresql":
        exists = subprocess.run(
            ["psql", PG_SERVER + "/postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not exists:
            marker.unlink(missing_ok=True)
            subprocess.run(["psql", PG_SERVER + "/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)
    elif not (BENCH_DIR / f"{name}.sqlite3").exists():
        marker.unlink(missing_ok=True)
    manage(backend, size, "migrate", "--noinput", "-v0")
    if marker.exists():
        return json.loads(marker.read_text())
    print(f"… préparation de {backend}, {size:,} candidatures (une seule fois)".replace(",", " "), flush=True)
    manage(backend, size, "loadreferences", "--no-progress", "-v0")
    manage(backend, size, "generate_catalogue", "--offers", str(OFFERS), "--sessions", str(SESSIONS), "--seed", "7",
           "--replace", "--no-progress", "-v0")  # fmt: skip
    started = time.perf_counter()
    manage(backend, size, "generate_candidatures", "--count", str(size), "--seed", "11", "--no-progress")
    generated = {"generation_and_rebuild_s": round(time.perf_counter() - started, 1)}
    marker.write_text(json.dumps(generated))
    return generated


def measure(backend, size, port, requests):
    command = [
        sys.executable,
        "-m",
        "bench.stats",
        "--measure",
        "--port",
        str(port),
        "--requests",
        str(requests),
    ]
    result = subprocess.run(command, cwd=ROOT, env=env(backend, size), capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
        raise SystemExit(f"échec de la mesure sur {backend} {size}")
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH-JSON "))
    return json.loads(line.removeprefix("BENCH-JSON "))


# --- Inside the measured database's process ----------------------------------------------------------------


def session_cookie():
    """A logged-in session of the region's staff (created for the bench), as a Cookie header."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from tdu.accounts.models import User
    from tdu.organisations.models import RegionMembership

    user, _ = User.objects.get_or_create(email=STAFF, defaults={"first_name": "Élise", "last_name": "Banc"})
    user.email_verified_at = timezone.now()
    user.set_password("bench-pilotage-2026")
    user.save()
    RegionMembership.objects.get_or_create(user=user, region_id=REGION)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def timed(port, path, count, headers):
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    timings = []
    for n in range(count + 10):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} : HTTP {response.status} {body[:300]!r}")
        if n >= 10:  # the first ten warm both workers up
            timings.append(time.perf_counter() - started)
    conn.close()
    return {
        "p50_ms": round(statistics.median(timings) * 1000, 1),
        "p95_ms": round(percentile(timings, 95) * 1000, 1),
        "bytes": len(body),
    }


def measure_here(port, requests):
    import django

    django.setup()
    from tdu.candidatures.models import Candidature
    from tdu.stats import snapshots
    from tdu.stats.models import PathRecord

    started = time.perf_counter()
    refresh = snapshots.refresh_all()
    refresh_seconds = time.perf_counter() - started
    cookie = {"Cookie": session_cookie()}
    year = max(PathRecord.objects.filter(region_id=REGION).dates("applied_on", "year")).year - 1
    pages = {
        "dashboard": (f"/espace/region/{REGION}/pilotage/", cookie),
        "stats": ("/stats/", {}),
        "api_stats": ("/api/v1/stats", {}),
        "dashboard_filtered": (f"/espace/region/{REGION}/pilotage/?annee={year}&departement=57", cookie),
    }
    out = {
        "candidatures": Candidature.objects.count(),
        "region_candidatures": PathRecord.objects.filter(region_id=REGION).count(),
        "refresh_s": round(refresh_seconds, 2),
        "refresh": refresh,
        "pages": {},
    }
    server = start_server(port)
    try:
        for name, (path, headers) in pages.items():
            out["pages"][name] = {"path": path, **timed(port, path, requests, headers)}
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("BENCH-JSON " + json.dumps(out))


# --- The table -----------------------------------------------------------------------------------------------


def report(results):
    lines = [
        "",
        "| base | candidatures (Grand Est) | page | p50 | p95 | p95 1 M / 10 k |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for backend, sizes in results.items():
        small, large = min(sizes, key=int), max(sizes, key=int)
        for size in sorted(sizes, key=int):
            m = sizes[size]
            for name, page in m["pages"].items():
                ratio = ""
                if size == large and small != large:
                    base = sizes[small]["pages"][name]["p95_ms"]
                    ratio = f"{page['p95_ms'] / base:.2f}" if base else ""
                lines.append(
                    f"| {backend} | {m['candidatures']:,} ({m['region_candidatures']:,}) | {name} | "
                    f"{page['p50_ms']} ms | {page['p95_ms']} ms | {ratio} |".replace(",", " ")
                )
        for size in sorted(sizes, key=int):
            m = sizes[size]
            lines.append(
                f"| {backend} | {m['candidatures']:,} | tâche de recalcul | {m['refresh_s']} s | | |".replace(
                    ",", " "
                )
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(prog="make bench-stats")
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()
    if args.measure:
        measure_here(args.port, args.requests)
        return
    backends = args.backends.split(",")
    if "postgresql" in backends and not postgres_available():
        print("PostgreSQL injoignable : mesures sur SQLite seulement.")
        backends.remove("postgresql")
    sizes = [int(s) for s in args.sizes.split(",")]
    results, port = {}, args.port
    for backend in backends:
        results[backend] = {}
        for size in sizes:
            generated = ensure(backend, size)
            port += 1
            results[backend][str(size)] = {**measure(backend, size, port, args.requests), **(generated or {})}
    text = report(results)
    print(text)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "stats.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    combined_path = BENCH_DIR / "results.json"
    combined = json.loads(combined_path.read_text()) if combined_path.exists() else {}
    combined["stats"] = {"measured_at": datetime.now().isoformat(timespec="seconds"), "results": results}
    combined_path.write_text(json.dumps(combined, indent=2, ensure_ascii=False))
    print("\n(enregistré dans var/bench/stats.json et var/bench/results.json)")


if __name__ == "__main__":
    main()
