"""make bench: the search on the national catalogue, SQLite and PostgreSQL, printed as a table.

Options: --large OFFERS,SESSIONS (default 1000000,100000), --small (default 10000,1000), --duration S (load, 30),
--requests N (single-client requests per radius, 200), --backends sqlite,postgresql.
The catalogues are generated once (generate_catalogue) and kept in var/bench/ and in PostgreSQL databases
tdu_bench_*; delete them to start again.
"""

import argparse
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bench.catalogues import BENCH_DIR, ROOT, Catalogue, ensure, postgres_available


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


def main():
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--large", type=pair, default=(1_000_000, 100_000))
    parser.add_argument("--small", type=pair, default=(10_000, 1_000))
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()

    backends = args.backends.split(",")
    if "postgresql" in backends and not postgres_available():
        print("PostgreSQL injoignable : mesures sur SQLite seulement.")
        backends.remove("postgresql")
    lines, plans = [], []
    port = 8765
    for backend in backends:
        large, small = Catalogue(backend, *args.large), Catalogue(backend, *args.small)
        ensure(large)
        ensure(small)
        port += 1
        big = measure(large, port, ["--requests", str(args.requests), "--duration", str(args.duration)])
        port += 1
        little = measure(small, port, ["--requests", str(args.requests), "--radii", "30", "--no-load"])
        lines.extend(report(backend, big, little))
        plans.append((backend, big["explain"]))

    text = "\n".join(lines)
    print(text)
    for backend, explain in plans:
        print(f"\nEXPLAIN ({backend}), requête type à 30 km :")
        for item in explain:
            print(f"  {item['sql']}\n    " + item["plan"].replace("\n", "\n    "))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "results.md").write_text(f"Mesuré le {datetime.now():%Y-%m-%d %H:%M}\n\n{text}\n")
    print(f"\n(table enregistrée dans {Path(BENCH_DIR / 'results.md').relative_to(ROOT)})")


def report(backend, big, little):
    rows = [
        "",
        f"### {backend} — {big['offers']:,} offres".replace(",", " "),
        "",
        "| rayon | endpoint p50 | endpoint p95 | SQL seul p50 | SQL seul p95 | endpoint p95 / SQL p95 | requêtes SQL |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for radius, m in big["radii"].items():
        ratio = m["endpoint_p95_ms"] / m["sql_p95_ms"] if m["sql_p95_ms"] else float("nan")
        rows.append(
            f"| {radius} km | {m['endpoint_p50_ms']:.2f} ms | {m['endpoint_p95_ms']:.2f} ms | {m['sql_p50_ms']:.2f} ms "
            f"| {m['sql_p95_ms']:.2f} ms | {ratio:.2f} | {m['queries_per_request']:.1f} |"
        )
    small30 = little["radii"]["30"]["endpoint_p95_ms"]
    big30 = big["radii"]["30"]["endpoint_p95_ms"]
    rows.append("")
    rows.append(
        f"Échelle (30 km) : p95 à {big['offers']:,} offres = {big30:.2f} ms ; à {little['offers']:,} offres = "
        f"{small30:.2f} ms ; rapport {big30 / small30:.2f} (cible ≤ 2)".replace(",", " ")
    )
    load, sql = big["load"], big["sql_load"]
    rows.append(
        f"Charge (16 clients, 30 km) : {load['rate']:.0f} requêtes/s, p99 {load['p99_ms']:.1f} ms, "
        f"{load['errors']} erreur(s) ; SQL seul : {sql['rate']:.0f} requêtes/s ; rapport {load['rate'] / sql['rate']:.2f}"
    )
    return rows


if __name__ == "__main__":
    main()
