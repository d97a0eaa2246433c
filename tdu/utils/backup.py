"""Backups: the database (SQLite's online backup API, or pg_dump's custom format) and the files of the storages
(STORAGES "default" and "private": CVs, documents, import reports) in one .tar.gz with a manifest (each table's
row count and a hash of its rows, each file's size and hash). restore puts them back and checks the manifest.

The hashes are read from the copy itself (SQLite) or from the very snapshot pg_dump reads (PostgreSQL): the
manifest describes the archive, whatever was written meanwhile.
"""

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections
from django.utils import timezone

FORMAT = 1
STORAGE_NAMES = ("default", "private")
DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A French message for the person running the command."""


@dataclass
class Database:
    """The configured database, reached without Django's wrappers (the same values on both sides of a restore)."""

    alias: str = "default"

    @property
    def config(self):
        return connections[self.alias].settings_dict

    @property
    def vendor(self):
        return connections[self.alias].vendor

    @property
    def label(self):
        return "SQLite" if self.vendor == "sqlite" else "PostgreSQL"

    def pg_env(self):
        db = self.config
        env = {**os.environ, "PGDATABASE": db["NAME"]}
        for key, var in (
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
        ):
            if db.get(key):
                env[var] = str(db[key])
        if db.get("OPTIONS", {}).get("sslmode"):
            env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
        env.pop("PGOPTIONS", None)
        return env

    @contextlib.contextmanager
    def raw(self, path=None):
        """A DB-API connection: sqlite3 on the file (or `path`), psycopg on the database."""
        if self.vendor == "sqlite":
            conn = sqlite3.connect(str(path or self.config["NAME"]))
        elif self.vendor == "postgresql":
            import psycopg

            env = self.pg_env()
            conn = psycopg.connect(
                dbname=env["PGDATABASE"],
                user=env.get("PGUSER"),
                password=env.get("PGPASSWORD"),
                host=env.get("PGHOST"),
                port=env.get("PGPORT"),
            )
        else:
            raise BackupError(f"Moteur de base de données non pris en charge : {self.vendor}.")
        try:
            yield conn
        finally:
            conn.close()


def tables(cursor, vendor):
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    return [row[0] for row in cursor.fetchall()]


def _value(value):
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    return repr(value)


def table_digests(cursor, vendor):
    """{table: {"rows": n, "sha256": hash of every row in the order of all its columns}}."""
    digests = {}
    for table in tables(cursor, vendor):
        cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
        digest, count = hashlib.sha256(), 0
        while rows := cursor.fetchmany(5000):
            for row in rows:
                digest.update(("\x1f".join(_value(v) for v in row) + "\x1e").encode())
                count += 1
        digests[table] = {"rows": count, "sha256": digest.hexdigest()}
    return digests


def storage_files(storage, folder=""):
    """Every file name under `folder` of a storage (local or object store), depth first."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from storage_files(storage, f"{folder}/{directory}" if folder else directory)


def file_hash(handle):
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def configured_storages():
    return {name: storages[name] for name in STORAGE_NAMES if name in settings.STORAGES}


def files_manifest():
    manifest = {}
    for storage_name, storage in configured_storages().items():
        for name in storage_files(storage):
            with storage.open(name, "rb") as handle:
                manifest[f"{storage_name}/{name}"] = file_hash(handle)
    return manifest


def _dump(database, workdir, tables_out):
    """Copy the database into workdir; fill tables_out with the digests of that very copy."""
    target = workdir / DATABASE_FILE[database.vendor]
    if database.vendor == "sqlite":
        with database.raw() as source, contextlib.closing(sqlite3.connect(str(target))) as copy:
            source.backup(copy)
        with database.raw(target) as copy:
            tables_out.update(table_digests(copy.cursor(), "sqlite"))
        return target
    with database.raw() as conn:
        cursor = conn.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        done = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", str(target)],
            env=database.pg_env(), capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise BackupError(f"pg_dump a échoué : {done.stderr.strip()[-500:]}")
        tables_out.update(table_digests(cursor, "postgresql"))
        conn.rollback()
    return target


def backup(directory, now=None):
    """Write one archive into `directory`; return (its path, its manifest)."""
    database = Database()
    now = now or timezone.localtime()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    archive = directory / f"tdu-sauvegarde-{now:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".sauvegarde-") as tmp:
        workdir = Path(tmp)
        digests = {}
        dump = _dump(database, workdir, digests)
        part = workdir / "archive.tar.gz"
        files = {}
        with tarfile.open(part, "w:gz", compresslevel=6) as tar:
            tar.add(dump, arcname=dump.name)
            for storage_name, storage in configured_storages().items():
                for name in storage_files(storage):
                    with storage.open(name, "rb") as handle:
                        files[f"{storage_name}/{name}"] = file_hash(handle)
                        handle.seek(0)
                        info = tarfile.TarInfo(f"fichiers/{storage_name}/{name}")
                        info.size = files[f"{storage_name}/{name}"]["size"]
                        info.mtime = int(now.timestamp())
                        tar.addfile(info, handle)
            manifest = {
                "format": FORMAT,
                "cree_le": now.isoformat(),
                "moteur": database.vendor,
                "base": DATABASE_FILE[database.vendor],
                "tables": digests,
                "fichiers": files,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifeste.json")
            info.size = len(data)
            info.mtime = int(now.timestamp())
            tar.addfile(info, _bytes(data))
        os.replace(part, archive)
    return archive, manifest


def _bytes(data):
    import io

    return io.BytesIO(data)


def read_manifest(archive):
    try:
        with tarfile.open(archive, "r:gz") as tar:
            return json.load(tar.extractfile("manifeste.json"))
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(
            f"« {archive} » n'est pas une sauvegarde de Trait d'union lisible ({error})."
        ) from error


def database_rows(database):
    """Total rows in the configured database (0: empty or not created)."""
    if database.vendor == "sqlite" and not Path(database.config["NAME"]).exists():
        return 0
    with database.raw() as conn:
        cursor = conn.cursor()
        total = 0
        for table in tables(cursor, database.vendor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            total += cursor.fetchone()[0]
        return total


def stored_file_count():
    return sum(1 for storage in configured_storages().values() for _ in storage_files(storage))


def differences(manifest, database):
    """What differs between the manifest and the configured database and storages (empty: identical)."""
    with database.raw() as conn:
        actual = table_digests(conn.cursor(), database.vendor)
    found = []
    for table in sorted(set(manifest["tables"]) | set(actual)):
        expected, got = manifest["tables"].get(table), actual.get(table)
        if expected != got:
            found.append(f"table {table} : attendu {expected}, trouvé {got}")
    files = files_manifest()
    for name in sorted(set(manifest["fichiers"]) | set(files)):
        if manifest["fichiers"].get(name) != files.get(name):
            found.append(
                f"fichier {name} : attendu {manifest['fichiers'].get(name)}, trouvé {files.get(name)}"
            )
    return found


def _restore_database(database, dump, force):
    connections[database.alias].close()
    if database.vendor == "sqlite":
        target = Path(database.config["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(str(dump))) as source, database.raw() as dest:
            source.backup(dest)
        return
    if force:
        with database.raw() as conn:
            cursor = conn.cursor()
            for table in tables(cursor, "postgresql"):
                cursor.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
            # The dump also holds the schema's own functions (the triggers' of the migrations): dropped too, so
            # that pg_restore can create them again (those of extensions stay).
            cursor.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema() AND NOT EXISTS "
                "(SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
            )
            for (function,) in cursor.fetchall():
                cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
            conn.commit()
    done = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d", database.config["NAME"], str(dump)],
        env=database.pg_env(), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_restore a échoué : {done.stderr.strip()[-500:]}")


def _restore_files(workdir, manifest, force):
    available = configured_storages()
    if force:
        for storage in available.values():
            for name in list(storage_files(storage)):
                storage.delete(name)
    for key in manifest["fichiers"]:
        storage_name, name = key.split("/", 1)
        if storage_name not in available:
            raise BackupError(f"Le stockage « {storage_name} » n'est pas configuré ici (STORAGES).")
        source = workdir / "fichiers" / storage_name / PurePosixPath(name)
        with source.open("rb") as handle:
            saved = available[storage_name].save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"Le fichier « {name} » a été enregistré sous un autre nom ({saved}).")


def restore(archive, force=False, say=print):
    """Put the archive's database and files back in place of the configured ones; return the differences."""
    database = Database()
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')}.")
    if manifest["moteur"] != database.vendor:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['moteur']} ; la base configurée est {database.label}."
        )
    rows, files = database_rows(database), stored_file_count()
    if (rows or files) and not force:
        raise BackupError(
            f"La base « {database.config['NAME']} » n'est pas vide ({rows} lignes, {files} fichiers) : "
            "la restauration la remplacerait. Relancez avec --force pour l'écraser."
        )
    created = datetime.fromisoformat(manifest["cree_le"])
    total = sum(t["rows"] for t in manifest["tables"].values())
    say(
        f"Restauration de la sauvegarde du {created:%d/%m/%Y à %H:%M} ({database.label}, "
        f"{len(manifest['tables'])} tables, {total} lignes, {len(manifest['fichiers'])} fichiers) "
        f"dans la base « {database.config['NAME']} »"
        + (" — ses données actuelles sont effacées." if force else ".")
    )
    with tempfile.TemporaryDirectory(prefix="tdu-restauration-") as tmp:
        workdir = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(workdir, filter="data")
        _restore_database(database, workdir / manifest["base"], force)
        _restore_files(workdir, manifest, force)
    shutil.rmtree(workdir, ignore_errors=True)
    return differences(manifest, database)
