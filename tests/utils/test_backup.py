"""manage.py backup DIR then manage.py restore FILE into a fresh database (SQLite: another file; PostgreSQL: a
throw-away database): every table (row count and hash of its rows) and every file compare equal; restore refuses
a non-empty database without --force."""

import os
import subprocess
import sys
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection

from tdu.utils.backup import Database, files_manifest, read_manifest, table_digests
from tests.factories import OfferFactory, job_seeker
from tests.paths import PROJECT

pytestmark = pytest.mark.django_db(
    transaction=True
)  # the backup reads committed rows, from its own connection


@pytest.fixture
def private_root(settings, tmp_path):
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root


def some_data():
    OfferFactory.create_batch(3)
    person = job_seeker()
    storages["private"].save("cv/2026/12/cv-de-test.pdf", ContentFile(b"%PDF-1.4 un CV\n"))
    storages["private"].save("imports/rapport.csv", ContentFile("ligne;é\n".encode()))
    storages["default"].save("public/logo.txt", ContentFile(b"logo"))
    return person


def restore_into(archive, database_url, tmp_path, *extra):
    """manage.py restore in a process configured for the fresh database and fresh storages."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TDU_PROCESS"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        TDU_VAR_DIR=str(tmp_path / "restored-var"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "restored-private"),
    )
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), *extra],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def restored_files(tmp_path):
    found = {}
    for storage, root in (
        ("private", tmp_path / "restored-private"),
        ("default", tmp_path / "restored-var" / "media"),
    ):
        for path in root.rglob("*"):
            if path.is_file():
                found[f"{storage}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return found


def original_files(tmp_path):
    found = {}
    for storage, root in (("private", tmp_path / "private"), ("default", tmp_path / "media")):
        for path in root.rglob("*"):
            if path.is_file():
                found[f"{storage}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return found


@pytest.fixture
def fresh_database(tmp_path):
    """(its DATABASE_URL, a raw Database reaching it): another file, or a PostgreSQL database dropped after."""
    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{target}", lambda: _sqlite_digests(target)
        return
    import psycopg

    env = Database().pg_env()
    name = f"tdu_restore_{uuid.uuid4().hex[:10]}"
    admin = {key: env.get(f"PG{key.upper()}") for key in ("user", "password", "host", "port")}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = f"{admin['user'] or ''}:{admin['password'] or ''}@{admin['host'] or '127.0.0.1'}:{admin['port'] or 5432}"
    try:
        yield f"postgres://{auth}/{name}", lambda: _pg_digests(name, admin)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlite_digests(path):
    import sqlite3

    with sqlite3.connect(str(path)) as conn:
        return table_digests(conn.cursor(), "sqlite")


def _pg_digests(name, admin):
    import psycopg

    with psycopg.connect(dbname=name, **admin) as conn:
        return table_digests(conn.cursor(), "postgresql")


def test_backup_then_restore_into_a_fresh_database_compares_equal(tmp_path, private_root, fresh_database):
    some_data()
    url, restored_digests = fresh_database
    with Database().raw() as conn:
        before = table_digests(conn.cursor(), connection.vendor)
    call_command("backup", str(tmp_path / "sauvegardes"), "--no-progress")
    (archive,) = (tmp_path / "sauvegardes").glob("tdu-sauvegarde-*.tar.gz")
    manifest = read_manifest(archive)
    assert manifest["tables"] == before
    assert manifest["tables"]["offers_joboffer"]["rows"] == 3
    assert set(manifest["fichiers"]) == {
        "private/cv/2026/12/cv-de-test.pdf",
        "private/imports/rapport.csv",
        "default/public/logo.txt",
    }
    assert manifest["fichiers"] == files_manifest()

    done = restore_into(archive, url, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Restauration de la sauvegarde du" in done.stdout
    assert "0 différence" in done.stdout
    after = restored_digests()
    assert after == before  # every table: same rows, same hash
    differing = [t for t in before if before[t] != after.get(t)]
    assert differing == []
    assert restored_files(tmp_path) == original_files(tmp_path)  # every file, byte for byte

    again = restore_into(archive, url, tmp_path)
    assert again.returncode != 0
    assert "n'est pas vide" in again.stderr and "--force" in again.stderr
    forced = restore_into(archive, url, tmp_path, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "0 différence" in forced.stdout and restored_digests() == before


def test_restore_refuses_what_is_not_a_backup(tmp_path, private_root):
    junk = tmp_path / "pas-une-sauvegarde.tar.gz"
    junk.write_bytes(b"rien")
    done = restore_into(junk, f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    assert done.returncode != 0
    assert "n'est pas une sauvegarde de Trait d'union lisible" in done.stderr
