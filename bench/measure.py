"""Measure the search on the database named by DATABASE_URL; print one JSON object.

Run by `python -m bench` in a subprocess per database. Everything compared is measured in the same run:
- one client over HTTP (gunicorn) against the bare SQL statements that the same request runs, replayed on the
  backend's own DB-API cursors (binding on the client or, for the search's prepared ones, on the server: as the
  product does), interleaved home by home (the order alternates from one home to the next), each
  home once (drawn by population without replacement, municipal arrondissements left out: their commune
  already counts them), twice: cold (just after a change of the session links' version, which every
  process's caches key on) and warm (the same request again: its answer is remembered, tdu.matching.answers);
- 16 clients at 30 km on 2 000 varied homes (most requests miss the per-home cache of their worker);
- a traffic mix modelled on a national job search (search 50 : job autocomplete 60 : commune autocomplete 20 :
  offer page 2), each autocomplete alone, and a trivial view of the same server (the framework's ceiling);
- the memory of one worker after N varied searches, and an in-process profile of one search (where the time
  goes); on request (--page), the weight of /recherche/?commune=57463 in a real browser.
os.getloadavg() is recorded next to every phase.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
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
LOAD_HOMES = 2000
MIX = (("search", 50), ("jobs", 60), ("communes", 20), ("offer", 2))


def loadavg():
    return [round(x, 2) for x in os.getloadavg()]


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def homes(count, seed=42):
    """`count` distinct communes drawn by population (weighted, without replacement), arrondissements left out."""
    from tdu.references.models import Commune

    rows = list(Commune.objects.exclude(kind=Commune.Kind.ARRONDISSEMENT).values_list("code", "population"))
    rng = random.Random(seed)
    # Efraimidis–Spirakis: the `count` largest keys u^(1/w) are a weighted sample without replacement.
    keyed = sorted(rows, key=lambda row: rng.random() ** (1 / max(1, row[1])), reverse=True)
    return [code for code, _ in keyed[:count]]


def url_for(home, radius, **extra):
    return "/api/v1/offres?" + urllib.parse.urlencode({"commune": home, "rayon": radius, **extra})


def capture_sql(path):
    """The (sql, params, bound on the server) statements the endpoint runs for this request, in order."""
    from django.db import connection
    from django.test import Client

    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params, _binds_on_server(context["cursor"].cursor)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = Client().get(path)
    assert response.status_code == 200, response.content
    return statements


def _binds_on_server(cursor):
    """PostgreSQL: the search's prepared statements run on a server-binding cursor (tdu.matching.sql), the
    ORM's on Django's client-binding one; the replay runs each on the same kind."""
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(cursor, psycopg.Cursor) and not isinstance(cursor, psycopg.ClientCursor)


def replay(cursors, statements):
    started = time.perf_counter()
    for sql, params, on_server in statements:
        cursor = cursors[on_server]
        cursor.execute(sql, params or ())
        cursor.fetchall()
    return time.perf_counter() - started


def raw_cursors():
    """The backend's own DB-API cursors, without Django's wrappers (those Django and the search execute on):
    {False: client-binding (Django's), True: server-binding and preparing as the search's (PostgreSQL)}."""
    from django.db import connection

    connection.ensure_connection()
    client = connection.create_cursor()
    if connection.vendor != "postgresql":
        return {False: client, True: client}
    import psycopg

    return {False: client, True: psycopg.Cursor(connection.connection)}  # the settings' prepare_threshold


def bump_links_version():
    """What a change of any session does to every process's per-home cache (the links' version moves), written
    on a connection of its own, as another process would: the server and the replayed SQL then both read a
    database that has just moved (SQLite empties the page cache of every other connection; the replay's own
    connection, had it written, would have kept its cache and measured less than the server pays)."""
    from django.db import connections

    from tdu.matching.models import LinksVersion

    writer = connections.create_connection("default")
    try:
        with writer.cursor() as cursor:  # autocommit
            cursor.execute(f"UPDATE {LinksVersion._meta.db_table} SET version = version + 1")
            assert cursor.rowcount == 1, "no LinksVersion row: the catalogue's links were never built"
    finally:
        writer.close()


def start_server(port, workers=2, threads=8):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **NO_RATE_LIMIT}
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread", "--log-level", "warning", "--keep-alive", "30",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("le serveur HTTP n'a pas démarré")


def stop_server(server):
    server.terminate()
    server.wait(timeout=20)


def http_get(conn, path):
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return time.perf_counter() - started, response.status, body


def warm_up(port, paths, connections=4):
    """Each worker builds its commune index before anything is timed."""
    for _ in range(connections):
        conn = HTTPConnection("127.0.0.1", port, timeout=60)
        for path in paths:
            http_get(conn, path)
        conn.close()


def interleaved(port, cursors, sample, radius):
    """API and bare SQL, cold then warm, home by home; the order of API and SQL alternates."""
    from tdu.matching import answers, search

    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    timings = {"api_cold": [], "sql_cold": [], "api_warm": [], "sql_warm": []}
    counts = {"cold": [], "warm": []}
    for position, home in enumerate(sample):
        path = url_for(home, radius)
        search.clear_cache()
        answers.clear_cache()
        cold = capture_sql(path)  # this process's caches were empty: the cold statements
        warm = capture_sql(path)  # and now full: the warm ones (a remembered answer: the versions only)
        counts["cold"].append(len(cold))
        counts["warm"].append(len(warm))
        bump_links_version()
        for phase, statements in (("cold", cold), ("warm", warm)):
            steps = [("api", path), ("sql", statements)]
            if position % 2:
                steps.reverse()
            for kind, what in steps:
                if kind == "api":
                    elapsed, status, _ = http_get(conn, what)
                    assert status == 200, status
                else:
                    elapsed = replay(cursors, what)
                timings[f"{kind}_{phase}"].append(elapsed * 1000)
    conn.close()
    out = {"loadavg": loadavg(), **{f"statements_{k}": statistics.mean(v) for k, v in counts.items()}}
    for key, values in timings.items():
        out[f"{key}_p50_ms"] = statistics.median(values)
        out[f"{key}_p95_ms"] = percentile(values, 95)
    both_api = timings["api_cold"] + timings["api_warm"]
    both_sql = timings["sql_cold"] + timings["sql_warm"]
    out.update(
        api_p50_ms=statistics.median(both_api),
        api_p95_ms=percentile(both_api, 95),
        sql_p50_ms=statistics.median(both_sql),
        sql_p95_ms=percentile(both_sql, 95),
    )
    return out


def concurrent(port, choose, clients, duration):
    """`clients` threads, each on its own keep-alive connection, GET choose(rng) until the time is up."""
    results, threads = [], []
    stop_at = time.perf_counter() + duration

    def worker(seed):
        rng = random.Random(seed)
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        local = []
        while time.perf_counter() < stop_at:
            try:
                elapsed, status, _ = http_get(conn, choose(rng))
                local.append((elapsed, status == 200))
            except Exception:
                local.append((0.0, False))
                conn = HTTPConnection("127.0.0.1", port, timeout=30)
        results.extend(local)

    for seed in range(clients):
        thread = threading.Thread(target=worker, args=(seed,))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    latencies = [e for e, ok in results if ok]
    return {
        "rps": round(len(results) / duration, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "errors": sum(1 for _, ok in results if not ok),
        "requests": len(results),
        "loadavg": loadavg(),
    }


def prefixes(words, rng, count):
    found = []
    for _ in range(count):
        word = rng.choice(words)
        found.append(word[: rng.randint(2, min(6, len(word)))])
    return found


def mix_paths(load_homes):
    """What each kind of request of the mix asks: autocompletes as people type (2 to 6 letters)."""
    from tdu.offers.enums import OfferStatus
    from tdu.offers.models import JobOffer
    from tdu.references.models import Commune, RomeCode

    rng = random.Random(3)
    names = [
        n for n in Commune.objects.order_by("-population").values_list("name", flat=True)[:5000] if len(n) > 2
    ]
    labels = [
        w for label in RomeCode.objects.values_list("label", flat=True) for w in label.split() if len(w) > 3
    ]
    from django.db.models import Q
    from django.utils import timezone

    visible = Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())  # an expired one is a 404
    offers = list(
        JobOffer.objects.filter(visible, status=OfferStatus.PUBLISHED)
        .order_by("?")
        .values_list("id", flat=True)[:500]
    )
    return {
        "search": [url_for(h, 30) for h in load_homes],
        "jobs": ["/api/v1/metiers?" + urllib.parse.urlencode({"q": p}) for p in prefixes(labels, rng, 500)],
        "communes": [
            "/api/v1/communes?" + urllib.parse.urlencode({"q": p}) for p in prefixes(names, rng, 500)
        ],
        "offer": [f"/offres/{pk}/" for pk in offers],
    }


def mix_chooser(paths):
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]

    def choose(rng):
        return rng.choice(paths[rng.choices(kinds, weights)[0]])

    return choose


def worker_memory(port, paths, searches, clients=4):
    """RSS (MB) of the one worker of a fresh server after `searches` varied searches."""
    server = start_server(port, workers=1, threads=clients)
    try:
        per_client = searches // clients
        done = []

        def client(offset):
            conn = HTTPConnection("127.0.0.1", port, timeout=60)
            for i in range(per_client):
                http_get(conn, paths[(offset + i * clients) % len(paths)])
            conn.close()
            done.append(per_client)

        threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        children = subprocess.run(
            ["ps", "--ppid", str(server.pid), "-o", "rss="], capture_output=True, text=True
        ).stdout.split()
        return {"searches": sum(done), "rss_mb": round(max(int(x) for x in children) / 1024, 1)}
    finally:
        stop_server(server)


def profile(sample, radius=30):
    """Where the time of a cold search goes, in process through the test client: SQL, search code, the rest."""
    from django.db import connection
    from django.test import Client

    from tdu.www.api import views

    client = Client()
    sql_time = [0.0]
    search_time = [0.0]
    original = views.search

    def timed_search(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            search_time[0] += time.perf_counter() - started

    def timed_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - started

    from tdu.matching import answers, search

    paths = [url_for(h, radius) for h in sample]
    for path in paths:
        client.get(path)  # the commune grid and each home's neighbours: built once, as in a running worker
    views.search = timed_search
    profiler = cProfile.Profile()
    total = 0.0
    try:
        with connection.execute_wrapper(timed_sql):
            for path in paths:
                # Cold, as just after a change of the session links: no remembered answer, no open jobs cached.
                answers.clear_cache()
                search.clear_cache()
                started = time.perf_counter()
                profiler.enable()
                client.get(path)
                profiler.disable()
                total += time.perf_counter() - started
    finally:
        views.search = original
    n = len(paths)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    # SQLite does its work as rows are fetched, outside execute(): the drivers' fetchall counts as SQL too.
    sql_time[0] += sum(
        row[3]
        for (module, _, function), row in stats.stats.items()  # type: ignore[attr-defined]
        if "fetchall" in function and ("sqlite3" in function or "psycopg" in module)
    )
    stats.sort_stats("tottime").print_stats(12)
    return {
        "searches": n,
        "total_ms": round(total / n * 1000, 3),
        "sql_ms": round(sql_time[0] / n * 1000, 3),
        "search_code_ms": round((search_time[0] - sql_time[0]) / n * 1000, 3),
        "view_serialisation_framework_ms": round((total - search_time[0]) / n * 1000, 3),
        "top": stream.getvalue().split("\n")[:40],
        "note": "cProfile on: absolute times are inflated, shares are what counts",
    }


def page_weight(port, path="/recherche/?commune=57463"):
    """HTML bytes, bytes transferred and requests of the search page in Chromium; any other origin is listed."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    origin = f"http://127.0.0.1:{port}"
    seen = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 375, "height": 812})

        def on_finished(request):
            sizes = request.sizes()
            seen.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

        page.on("requestfinished", on_finished)
        page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort(),
        )
        page.goto(origin + path, wait_until="networkidle")
        html = page.content()
        browser.close()
    _, status, body = http_get(HTTPConnection("127.0.0.1", port, timeout=30), path)
    others = sorted({url for url, _ in seen if not url.startswith(origin)})
    return {
        "html_bytes": len(body),
        "total_bytes": sum(size for url, size in seen if url.startswith(origin)),
        "requests": len([url for url, _ in seen if url.startswith(origin)]),
        "other_origins": others,
        "status": status,
        "rendered_chars": len(html),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--requests", type=int, default=200, help="homes per radius (each home once)")
    parser.add_argument("--radii", default="10,30,50")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--memory-searches", type=int, default=2000)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--page", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from tdu.offers.models import JobOffer

    out = {"offers": JobOffer.objects.count(), "radii": {}, "loadavg_start": loadavg()}
    sample = homes(args.requests)
    load_homes = homes(LOAD_HOMES, seed=7)
    radii = [int(r) for r in args.radii.split(",")]
    cursors = raw_cursors()
    server = start_server(args.port)
    try:
        warm_up(args.port, [url_for(h, 30) for h in sample[:3]] + ["/bench/trivial"])
        for r in radii:
            out["radii"][str(r)] = interleaved(args.port, cursors, sample, r)
        if not args.no_load:
            duration = args.duration
            load_paths = [url_for(h, 30) for h in load_homes]
            out["load16"] = concurrent(args.port, lambda rng: rng.choice(load_paths), args.clients, duration)
            paths = mix_paths(load_homes)
            out["mix"] = concurrent(args.port, mix_chooser(paths), args.clients, duration)
            short = max(3.0, duration / 3)
            out["communes16"] = concurrent(
                args.port, lambda rng: rng.choice(paths["communes"]), args.clients, short
            )
            out["jobs16"] = concurrent(args.port, lambda rng: rng.choice(paths["jobs"]), args.clients, short)
            out["trivial16"] = concurrent(args.port, lambda rng: "/bench/trivial", args.clients, short)
        if args.page:
            out["page"] = page_weight(args.port)
    finally:
        stop_server(server)
    if not args.no_load:
        varied = [
            url_for(h, r, tri=sort, page=page)
            for h in load_homes
            for r, sort, page in (
                (10, "distance", 1), (30, "distance", 1), (50, "date", 1), (30, "date", 2), (50, "distance", 3),
            )
        ]  # fmt: skip
        random.Random(5).shuffle(varied)
        out["memory"] = {**worker_memory(args.port + 100, varied, args.memory_searches), "loadavg": loadavg()}
        out["profile"] = profile(sample[:100])
    print("BENCH-JSON " + json.dumps(out))


if __name__ == "__main__":
    main()
