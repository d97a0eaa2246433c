"""Measure the search on the database named by DATABASE_URL; print one JSON object.

Run by `python -m bench` in a subprocess per database. Compares, in the same run:
- the JSON endpoint through a real HTTP server (gunicorn) with one client, at several radii;
- the exact SQL statements that the endpoint runs for the same requests, replayed on a raw DB-API cursor;
- 16 concurrent clients for a fixed duration, against 16 threads replaying the bare SQL.
"""

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

import django

from bench.catalogues import NO_RATE_LIMIT

ROOT = Path(__file__).resolve().parent.parent


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def homes(count, seed=42):
    from tdu.references.models import Commune

    rows = list(Commune.objects.values_list("code", "population"))
    rng = random.Random(seed)
    return rng.choices([c for c, _ in rows], weights=[max(1, p) for _, p in rows], k=count)


def url_for(home, radius):
    return "/api/v1/offres?" + urllib.parse.urlencode({"commune": home, "rayon": radius})


def capture_sql(home, radius):
    """The (sql, params) statements the endpoint runs for this request, in order."""
    from django.db import connection
    from django.test import Client

    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = Client().get(url_for(home, radius))
    assert response.status_code == 200, response.content
    return statements


def replay(cursor, statements):
    started = time.perf_counter()
    for sql, params in statements:
        cursor.execute(sql, params or ())
        cursor.fetchall()
    return time.perf_counter() - started


def raw_cursor():
    """The backend's own DB-API cursor, without Django's wrappers (the same one Django executes on)."""
    from django.db import connection

    connection.ensure_connection()
    return connection.create_cursor()


def start_server(port):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **NO_RATE_LIMIT}
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "8", "--worker-class", "gthread",
        "--log-level", "warning", "--keep-alive", "30",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("le serveur HTTP n'a pas démarré")


def http_get(conn, path):
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return time.perf_counter() - started, response.status


def single_client(port, paths):
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths[:10]:  # warm up both workers' caches
        http_get(conn, path)
    timings = []
    for path in paths:
        elapsed, status = http_get(conn, path)
        assert status == 200, status
        timings.append(elapsed)
    conn.close()
    return timings


def concurrent(worker, clients, duration):
    """Run `worker(stop_at, results)` in `clients` threads; results: list of (elapsed, ok)."""
    results, threads = [], []
    stop_at = time.perf_counter() + duration
    for _ in range(clients):
        thread = threading.Thread(target=worker, args=(stop_at, results))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    latencies = [e for e, ok in results if ok]
    return {
        "requests": len(results),
        "rate": len(results) / duration,
        "p99_ms": percentile(latencies, 99) * 1000,
        "errors": sum(1 for _, ok in results if not ok),
    }


def http_load(port, paths, clients, duration):
    def worker(stop_at, results):
        rng = random.Random(threading.get_ident())
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        local = []
        while time.perf_counter() < stop_at:
            try:
                elapsed, status = http_get(conn, rng.choice(paths))
                local.append((elapsed, status == 200))
            except Exception:
                local.append((0.0, False))
                conn = HTTPConnection("127.0.0.1", port, timeout=30)
        results.extend(local)

    return concurrent(worker, clients, duration)


def sql_load(statement_lists, clients, duration):
    def worker(stop_at, results):
        from django.db import connection

        rng = random.Random(threading.get_ident())
        cursor = raw_cursor()
        local = []
        while time.perf_counter() < stop_at:
            local.append((replay(cursor, rng.choice(statement_lists)), True))
        results.extend(local)
        connection.close()

    return concurrent(worker, clients, duration)


def explain(statements):
    from django.db import connection

    vendor = connection.vendor
    cursor = raw_cursor()
    plans = []
    for sql, params in statements:
        prefix = "EXPLAIN QUERY PLAN " if vendor == "sqlite" else "EXPLAIN "
        cursor.execute(prefix + sql, params or ())
        rows = cursor.fetchall()
        plan = "\n".join(" ".join(str(x) for x in row[-1:]) for row in rows)
        plans.append({"sql": sql[:160] + ("…" if len(sql) > 160 else ""), "plan": plan})
    return plans


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--radii", default="10,30,50")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from tdu.offers.models import JobOffer

    out = {"offers": JobOffer.objects.count(), "radii": {}}
    sample = homes(args.requests)
    radii = [int(r) for r in args.radii.split(",")]
    statements = {r: [capture_sql(h, r) for h in sample] for r in radii}
    cursor = raw_cursor()
    server = start_server(args.port)
    try:
        for r in radii:
            for s in statements[r][:10]:
                replay(cursor, s)
            bare = [replay(cursor, s) for s in statements[r]]
            endpoint = single_client(args.port, [url_for(h, r) for h in sample])
            out["radii"][r] = {
                "endpoint_p50_ms": statistics.median(endpoint) * 1000,
                "endpoint_p95_ms": percentile(endpoint, 95) * 1000,
                "sql_p50_ms": statistics.median(bare) * 1000,
                "sql_p95_ms": percentile(bare, 95) * 1000,
                "queries_per_request": statistics.mean(len(s) for s in statements[r]),
            }
        middle = 30 if 30 in radii else radii[0]
        out["explain"] = explain(statements[middle][0])
        if not args.no_load:
            out["load"] = http_load(
                args.port, [url_for(h, middle) for h in sample], args.clients, args.duration
            )
            out["sql_load"] = sql_load(statements[middle], args.clients, args.duration)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("BENCH-JSON " + json.dumps(out))


if __name__ == "__main__":
    main()
