"""make bench-imports: LHEO and France Travail imports, SQLite and PostgreSQL, side by side with a raw insert.

For each backend and each size (10 000 and 100 000 records by default): generate the feed (a LHEO file of N
sessions, a France Travail response of N offers), import it with the product's command in a subprocess (wall time,
peak memory), then delete what it wrote and insert the very same rows again with a raw `executemany` (SQLite) or
`COPY` (PostgreSQL), in the same run. During the largest LHEO import, the search is measured over HTTP next to its
idle value. Prints a table and writes var/bench/imports.json.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from datetime import datetime
from http.client import HTTPConnection

from bench.catalogues import BENCH_DIR, NO_RATE_LIMIT, PG_SERVER, ROOT, postgres_available

TABLES = {
    "lheo": [
        "trainings_trainingorganisation", "trainings_training", "trainings_training_rome_codes",
        "trainings_trainingsession", "trainings_sessionfunding", "matching_sessionlink",
    ],
    "france_travail": ["companies_company", "offers_joboffer"],
}  # fmt: skip


def database_url(backend):
    if backend == "sqlite":
        return f"sqlite:///{BENCH_DIR / 'imports.sqlite3'}"
    return f"{PG_SERVER}/tdu_bench_imports"


def env(backend):
    return {
        **os.environ,
        "DATABASE_URL": database_url(backend),
        "DEBUG": "false",
        "SECRET_KEY": "bench",
        "SITE_URL": "https://bench.invalid",  # emailed links (none are read)
        "TDU_LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **NO_RATE_LIMIT,
    }


def manage(backend, *args, capture=False):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env(backend),
        check=True,
        capture_output=capture,
        text=True,
    )


def fresh_database(backend):
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (BENCH_DIR / f"imports.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        subprocess.run(
            ["psql", PG_SERVER + "/postgres", "-qc", "DROP DATABASE IF EXISTS tdu_bench_imports"], check=True
        )
        subprocess.run(
            ["psql", PG_SERVER + "/postgres", "-qc", "CREATE DATABASE tdu_bench_imports"], check=True
        )
    manage(backend, "migrate", "--noinput", "-v0")
    manage(backend, "loadreferences", "--no-progress", "-v0")
    manage(
        backend,
        "shell",
        "-c",
        "from tdu.references.models import Region; Region.objects.filter(code='44').update(is_deployed=True)",
    )


def generate(kind, count, path):
    """A feed of `count` records over Grand Est communes (10 sessions per formation, in 2 actions)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from tdu.demo import feeds
    from tdu.references.models import Commune

    communes = list(
        Commune.objects.filter(department__region_id="44").values_list(
            "code", "postal_codes", "name", "latitude", "longitude"
        )
    )
    romes = ["H2913", "H2914", "F1703", "N1101", "I1304", "H2903", "K2204", "J1501", "D1106", "F1604"]
    rng = random.Random(count)
    with open(path, "w", encoding="utf-8") as out:
        if kind == "lheo":

            def sessions():
                for n in range(count):
                    code, postcodes, name, lat, lon = rng.choice(communes)
                    formation, action = n // 10, n // 5
                    yield feeds.LheoSession(
                        number=f"S{n}", formation=f"F{formation}", action=f"A{action}", insee=code,
                        postcode=(postcodes or "00000").split()[0], city=name[:50], latitude=lat, longitude=lon,
                        rome_codes=(romes[formation % len(romes)],), siret="73282932000074",
                        fundings={"2": 8, "4": 2} if n % 3 else {"5": 3},
                    )  # fmt: skip

            for chunk in feeds.lheo_chunks(sessions()):
                out.write(chunk)
        else:
            out.write('{"resultats": [')
            for n in range(count):
                code, postcodes, name, lat, lon = rng.choice(communes)
                offer = feeds.france_travail_offer(
                    f"B{n}", commune=code, postcode=(postcodes or "00000").split()[0], latitude=lat, longitude=lon,
                    place_label=f"{code[:2]} - {name}", rome=romes[n % len(romes)], company=f"Entreprise {n % 5000}",
                    email=f"recrutement{n % 5000}@example.org",
                )  # fmt: skip
                out.write(("," if n else "") + json.dumps(offer, ensure_ascii=False))
            out.write("]}")


def run_import(backend, kind, path):
    """The product's command, in its own process: (seconds of the command itself, its peak memory in MB, summary)."""
    command = (
        ["import_lheo", str(path), "--region", "44"]
        if kind == "lheo"
        else ["import_france_travail", str(path)]
    )
    code = (
        "import io, json, resource, time, django; django.setup(); from django.core.management import call_command; "
        "out = io.StringIO(); started = time.perf_counter(); "
        f"call_command(*{command!r}, '--no-progress', stdout=out); "
        "print(json.dumps([time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
        "out.getvalue().splitlines()[0]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env(backend), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(result.stdout[-2000:] + result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def raw_insert(backend, kind):
    """Delete the rows the import wrote and insert the same rows again, raw: seconds."""
    code = f"""
import time, io
from django.db import connection, transaction
tables = {TABLES[kind]!r}
with connection.cursor() as c:
    data = {{}}
    for t in tables:
        c.execute(f'SELECT * FROM "{{t}}"')
        data[t] = ([d[0] for d in c.description], c.fetchall())
with transaction.atomic():
    with connection.cursor() as c:
        for t in reversed(tables):
            c.execute(f'DELETE FROM "{{t}}"')
started = time.perf_counter()
with transaction.atomic():
    raw = connection.connection
    if connection.vendor == "sqlite":
        cur = raw.cursor()
        for t in tables:
            cols, rows = data[t]
            marks = ",".join("?" * len(cols))
            cur.executemany(f'INSERT INTO "{{t}}" ({{",".join(chr(34) + x + chr(34) for x in cols)}}) VALUES ({{marks}})', rows)
    else:
        with raw.cursor() as cur:
            for t in tables:
                cols, rows = data[t]
                with cur.copy(f'COPY "{{t}}" ({{",".join(chr(34) + x + chr(34) for x in cols)}}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
print(time.perf_counter() - started)
"""
    result = manage(backend, "shell", "-c", code, capture=True)
    return float(result.stdout.strip().splitlines()[-1])


def search_p95(port, homes, seconds):
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    stop = time.perf_counter() + seconds
    rng = random.Random(1)
    while time.perf_counter() < stop:
        started = time.perf_counter()
        conn.request("GET", f"/api/v1/offres?commune={rng.choice(homes)}&rayon=30")
        response = conn.getresponse()
        response.read()
        timings.append(time.perf_counter() - started)
    ordered = sorted(timings)
    return ordered[int(0.95 * (len(ordered) - 1))] * 1000 if ordered else 0.0


def write_probe(backend, stop_event, out):
    """What a login does to the database (one short write transaction), every 100 ms while the import runs:
    the longest wait and the failures. On SQLite one writer at a time: the import must commit in small batches."""
    if backend != "sqlite":
        return
    import sqlite3

    conn = sqlite3.connect(BENCH_DIR / "imports.sqlite3", timeout=20, isolation_level=None)
    waits, failures, n = [], 0, 0
    while not stop_event.is_set():
        n += 1
        started = time.perf_counter()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO django_session (session_key, session_data, expire_date) VALUES (?, '', '2100-01-01')",
                (f"probe{n}",),
            )
            conn.execute("DELETE FROM django_session WHERE session_key = ?", (f"probe{n}",))
            conn.execute("COMMIT")
            waits.append(time.perf_counter() - started)
        except sqlite3.OperationalError:
            failures += 1
            conn.execute("ROLLBACK") if conn.in_transaction else None
        time.sleep(0.1)
    conn.close()
    out.update(
        writes=len(waits), write_max_ms=round(max(waits, default=0) * 1000, 1), write_failures=failures
    )


def search_during_import(backend, path):
    """The search p95 idle, then while the LHEO feed imports again (its second run: updates)."""
    port = 8799
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=env(backend),
    )  # fmt: skip
    time.sleep(3)
    homes = ["57463", "54395", "67482", "51454", "68224", "10387", "88160", "08105"]
    try:
        search_p95(port, homes, 2)  # warm up
        idle = search_p95(port, homes, 8)
        done = {}
        thread = threading.Thread(target=lambda: done.setdefault("import", run_import(backend, "lheo", path)))
        stop, probe = threading.Event(), {}
        writer = threading.Thread(target=write_probe, args=(backend, stop, probe))
        thread.start()
        writer.start()
        busy = search_p95(port, homes, 8)
        thread.join()
        stop.set()
        writer.join()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return idle, busy, probe


def main():
    parser = argparse.ArgumentParser(prog="make bench-imports")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    if "postgresql" in backends and not postgres_available():
        backends.remove("postgresql")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results = {"measured_at": datetime.now().isoformat(timespec="seconds"), "loadavg": os.getloadavg()}
    for backend in backends:
        results[backend] = {}
        for kind in ("lheo", "france_travail"):
            for size in sizes:
                fresh_database(backend)
                feed = BENCH_DIR / f"{kind}-{size}.{'xml' if kind == 'lheo' else 'json'}"
                if not feed.exists():
                    manage(
                        backend,
                        "shell",
                        "-c",
                        f"from bench.imports import generate; generate({kind!r}, {size}, {str(feed)!r})",
                    )
                seconds, peak_mb, summary = run_import(backend, kind, feed)
                raw = raw_insert(backend, kind)
                entry = {
                    "records": size,
                    "file_mb": round(feed.stat().st_size / 1e6, 1),
                    "import_s": round(seconds, 2),
                    "import_rows_per_s": round(size / seconds),
                    "raw_s": round(raw, 3),
                    "raw_rows_per_s": round(size / raw),
                    "ratio": round(raw / seconds, 3),
                    "peak_mb": round(peak_mb),
                    "summary": summary,
                }
                if kind == "lheo" and size == max(sizes):
                    idle, busy, probe = search_during_import(backend, feed)
                    entry.update(
                        search_idle_p95_ms=round(idle, 1), search_during_import_p95_ms=round(busy, 1), **probe
                    )
                results[backend][f"{kind}-{size}"] = entry
                print(backend, kind, size, entry, flush=True)
    (BENCH_DIR / "imports.json").write_text(json.dumps(results, indent=2))
    print(table(results, backends, sizes))


def table(results, backends, sizes):
    rows = [
        "| base | source | enregistrements | fichier | import | lignes/s | insertion brute | lignes/s | rapport | mémoire max |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for backend in backends:
        for key, e in results[backend].items():
            kind = "LHEO" if key.startswith("lheo") else "France Travail"
            rows.append(
                f"| {backend} | {kind} | {e['records']} | {e['file_mb']} Mo | {e['import_s']} s | {e['import_rows_per_s']} "
                f"| {e['raw_s']} s | {e['raw_rows_per_s']} | {e['ratio']} | {e['peak_mb']} Mo |"
            )
    for backend in backends:
        e = results[backend].get(f"lheo-{max(sizes)}", {})
        if "search_idle_p95_ms" in e:
            rows.append(
                f"\nRecherche pendant l'import ({backend}) : p95 {e['search_during_import_p95_ms']} ms contre "
                f"{e['search_idle_p95_ms']} ms au repos (rapport "
                f"{e['search_during_import_p95_ms'] / max(e['search_idle_p95_ms'], 0.01):.2f}, cible ≤ 2)"
            )
        if "writes" in e:
            rows.append(
                f"Écritures pendant l'import ({backend}, comme une connexion) : {e['writes']}, attente maximale "
                f"{e['write_max_ms']} ms, {e['write_failures']} échec(s) (une connexion échoue après 20 s)"
            )
    return "\n".join(rows)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
