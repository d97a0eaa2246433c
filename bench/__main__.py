"""make bench: the search on the national catalogue, SQLite and PostgreSQL, printed as a table.

Options: --large OFFERS,SESSIONS (default 1000000,100000), --small (default 10000,1000), --duration S (each load
phase, 30), --requests N (homes per radius, each once, 200), --memory-searches N (10000), --backends
sqlite,postgresql. The catalogues are generated once (generate_catalogue) and kept in var/bench/ and in
PostgreSQL databases tdu_bench_*; delete them to start again.

Writes var/bench/results.json (the shape below, for scripts comparing runs), var/bench/results-detail.json
(everything measured) and var/bench/results.md (the tables). In results.json, api_* and sql_* pool the cold and
the warm pass (each home once in each); scale_ratio is the larger of the cold and the warm ratio of p95 at 30 km.
"""

import argparse
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bench.catalogues import BENCH_DIR, ROOT, Catalogue, ensure, manage, postgres_available


def measure(catalogue, port, extra):
    command = [sys.executable, "-m", "bench.measure", "--port", str(port), *extra]
    result = subprocess.run(command, cwd=ROOT, env=catalogue.env(), capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
        raise SystemExit(f"échec de la mesure sur {catalogue.label}")
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH-JSON "))
    return json.loads(line.removeprefix("BENCH-JSON "))


def pair(text):
    offers, sessions = (int(x) for x in text.split(","))
    return offers, sessions


def static_files(catalogue):
    """The pages need the hashed static files (whitenoise's manifest) when DEBUG is off."""
    manage(catalogue, "collectstatic", "--noinput", "-v0")


def main():
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--large", type=pair, default=(1_000_000, 100_000))
    parser.add_argument("--small", type=pair, default=(10_000, 1_000))
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--memory-searches", type=int, default=10_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()

    backends = args.backends.split(",")
    if "postgresql" in backends and not postgres_available():
        print("PostgreSQL injoignable : mesures sur SQLite seulement.")
        backends.remove("postgresql")
    results = {"loadavg": [round(x, 2) for x in os.getloadavg()], "measured_at": datetime.now().isoformat()}
    detail, lines = {}, []
    port = 8765
    for position, backend in enumerate(backends):
        large, small = Catalogue(backend, *args.large), Catalogue(backend, *args.small)
        ensure(large)
        ensure(small)
        if position == 0:
            static_files(large)
        port += 1
        extra = ["--requests", str(args.requests), "--duration", str(args.duration)]
        extra += ["--memory-searches", str(args.memory_searches)]
        big = measure(large, port, [*extra, *(["--page"] if position == 0 else [])])
        port += 1
        little = measure(small, port, ["--requests", str(args.requests), "--radii", "30", "--no-load"])
        detail[backend] = {"large": big, "small": little}
        results[backend] = summary(big, little)
        if "page" in big:
            results["page"] = {key: big["page"][key] for key in ("html_bytes", "total_bytes", "requests")}
        lines.extend(report(backend, big, little, results[backend]))
    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]

    text = "\n".join(lines)
    print(text)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    shape = {key: value for key, value in results.items() if key != "loadavg_end"}
    (BENCH_DIR / "results.json").write_text(json.dumps(shape, indent=2) + "\n")
    (BENCH_DIR / "results-detail.json").write_text(json.dumps({**results, "detail": detail}, indent=2) + "\n")
    header = f"Mesuré le {datetime.now():%Y-%m-%d %H:%M}, charge moyenne {results['loadavg']} → {results['loadavg_end']}"
    (BENCH_DIR / "results.md").write_text(f"{header}\n\n{text}\n")
    print(f"\n(enregistré dans {Path(BENCH_DIR / 'results.json').relative_to(ROOT)} et results.md)")


def scale(big, little, phase):
    small = little["radii"]["30"][f"api_{phase}_p95_ms"]
    return big["radii"]["30"][f"api_{phase}_p95_ms"] / small if small else float("nan")


def summary(big, little):
    out = {
        radius: {key: round(m[key], 3) for key in ("api_p50_ms", "api_p95_ms", "sql_p50_ms", "sql_p95_ms")}
        for radius, m in big["radii"].items()
    }
    if "load16" in big:
        out["load16"] = {key: big["load16"][key] for key in ("rps", "p99_ms", "errors")}
        out["mix"] = {key: big["mix"][key] for key in ("rps", "p95_ms", "errors")}
        out["trivial_rps"] = big["trivial16"]["rps"]
    out["scale_ratio"] = round(max(scale(big, little, "cold"), scale(big, little, "warm")), 3)
    return out


def report(backend, big, little, short):
    rows = [
        "",
        f"### {backend} — {big['offers']:,} offres (charge au début : {big['loadavg_start']})".replace(
            ",", " "
        ),
        "",
        "| rayon | passe | API p50 | API p95 | SQL nu p50 | SQL nu p95 | API p95 / SQL p95 | requêtes SQL | charge |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for radius, m in big["radii"].items():
        for phase, label in (("cold", "froid"), ("warm", "chaud"), (None, "les deux")):
            key = f"_{phase}" if phase else ""
            api50, api95 = m[f"api{key}_p50_ms"], m[f"api{key}_p95_ms"]
            sql50, sql95 = m[f"sql{key}_p50_ms"], m[f"sql{key}_p95_ms"]
            ratio = api95 / sql95 if sql95 else float("nan")
            count = m[f"statements{key}"] if phase else (m["statements_cold"] + m["statements_warm"]) / 2
            rows.append(
                f"| {radius} km | {label} | {api50:.2f} ms | {api95:.2f} ms | {sql50:.2f} ms | {sql95:.2f} ms "
                f"| {ratio:.2f} | {count:.1f} | {m['loadavg'][0]} |"
            )
    rows.append("")
    for phase, label in (("cold", "froid"), ("warm", "chaud")):
        b, s = big["radii"]["30"][f"api_{phase}_p95_ms"], little["radii"]["30"][f"api_{phase}_p95_ms"]
        large, few = (f"{n:,}".replace(",", " ") for n in (big["offers"], little["offers"]))
        rows.append(
            f"Échelle (30 km, {label}) : p95 {b:.2f} ms à {large} offres, {s:.2f} ms à {few} ; "
            f"rapport {b / s:.2f} (cible ≤ 1,5)"
        )
    if "load16" in big:
        for key, label in (
            ("load16", "16 clients, recherche à 30 km sur 2 000 communes"),
            ("mix", "mélange recherche 50 : métiers 60 : communes 20 : offre 2"),
            ("communes16", "autocomplétion des communes seule"),
            ("jobs16", "autocomplétion des métiers seule"),
            ("trivial16", "vue triviale (plafond du framework)"),
        ):
            m = big[key]
            rows.append(
                f"{label} : {m['rps']:.0f} req/s, p95 {m['p95_ms']:.1f} ms, p99 {m['p99_ms']:.1f} ms, "
                f"{m['errors']} erreur(s) — charge {m['loadavg'][0]}"
            )
        mem = big["memory"]
        rows.append(f"Mémoire d'un worker après {mem['searches']} recherches variées : {mem['rss_mb']} Mo")
        p = big["profile"]
        rows.append(
            f"Profil d'une recherche à froid (cProfile, en processus) : {p['total_ms']:.2f} ms dont SQL "
            f"{p['sql_ms']:.2f}, code de recherche {p['search_code_ms']:.2f}, vue + sérialisation + framework "
            f"{p['view_serialisation_framework_ms']:.2f}"
        )
    if "page" in big:
        page = big["page"]
        rows.append(
            f"Page /recherche/?commune=57463 : HTML {page['html_bytes']} o, {page['total_bytes']} o transférés en "
            f"{page['requests']} requêtes ; autres origines : {page['other_origins'] or 'aucune'}"
        )
    rows.append(f"\nresults.json ({backend}) : {json.dumps(short)}")
    return rows


if __name__ == "__main__":
    main()
