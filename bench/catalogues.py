"""Bench databases: one per (backend, size), generated once and kept between runs."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# The bench's one client is not an abuser: the API's per-address limit would cut the measure short.
# Its servers speak plain HTTP on 127.0.0.1: no redirection to HTTPS there.
NO_RATE_LIMIT = {
    "API_RATE_ANONYMOUS": "100000000/min",
    "API_RATE_TOKEN": "100000000/min",
    "SECURE_SSL_REDIRECT": "false",
}


@dataclass(frozen=True)
class Catalogue:
    backend: str  # "sqlite" or "postgresql"
    offers: int
    sessions: int

    @property
    def name(self):
        return f"tdu_bench_{self.offers}_{self.sessions}"

    @property
    def url(self):
        if self.backend == "sqlite":
            return f"sqlite:///{BENCH_DIR / (self.name + '.sqlite3')}"
        return f"{PG_SERVER}/{self.name}"

    @property
    def label(self):
        return f"{self.backend} {self.offers:,} offres".replace(",", " ")

    def env(self):
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "DEBUG": "false",
            "SECRET_KEY": "bench",
            "SITE_URL": "https://bench.invalid",  # emailed links (none are read)
            "TDU_LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            **NO_RATE_LIMIT,
        }


def manage(catalogue, *args, check=True):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=catalogue.env(), check=check)


def postgres_available():
    result = subprocess.run(
        ["psql", PG_SERVER + "/postgres", "-Atc", "SELECT 1"], capture_output=True, text=True
    )
    return result.returncode == 0


def ensure(catalogue):
    """Create, migrate and fill the database unless a previous run already did."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    marker = BENCH_DIR / f"{catalogue.backend}-{catalogue.name}.ready"
    if catalogue.backend == "postgresql":
        exists = subprocess.run(
            [
                "psql",
                PG_SERVER + "/postgres",
                "-Atc",
                f"SELECT 1 FROM pg_database WHERE datname='{catalogue.name}'",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not exists:
            marker.unlink(missing_ok=True)
            subprocess.run(
                ["psql", PG_SERVER + "/postgres", "-qc", f'CREATE DATABASE "{catalogue.name}"'], check=True
            )
    elif not Path(catalogue.url.removeprefix("sqlite:///")).exists():
        marker.unlink(missing_ok=True)
    if marker.exists():
        manage(catalogue, "migrate", "--noinput", "-v0")
        return
    print(f"… préparation de la base {catalogue.label} (une seule fois)", flush=True)
    manage(catalogue, "migrate", "--noinput", "-v0")
    manage(catalogue, "loadreferences", "--no-progress", "-v0")
    manage(
        catalogue,
        "generate_catalogue",
        "--offers",
        str(catalogue.offers),
        "--sessions",
        str(catalogue.sessions),
        "--seed",
        "7",
        "--replace",
        "--no-progress",
    )
    marker.write_text("ok")
