"""What /readyz checks: the database answers, the task queue answers, every migration on disk is applied."""

import logging

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

logger = logging.getLogger("tdu.health")

_expected: tuple[set, dict] | None = None


def expected_migrations():
    """The migrations on disk (read once per process: the code does not change under a running process)."""
    global _expected
    if _expected is None:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        _expected = (set(loader.graph.nodes), dict(loader.replacements))
    return _expected


def database_and_migrations():
    """One query: the applied migrations (it also proves that the database answers)."""
    recorder = MigrationRecorder(connection)
    try:
        applied = set(recorder.migration_qs.values_list("app", "name"))
    except Exception as error:  # any failure to reach the database means "not ready"
        try:
            if recorder.has_table():
                raise
            applied = set()  # a database that was never migrated
        except Exception:
            logger.warning("readyz: database unreachable: %s", error.__class__.__name__)
            return {"ok": False, "erreur": "base de données injoignable"}, None
    nodes, replacements = expected_migrations()
    missing = sorted(
        f"{app}.{name}"
        for app, name in nodes
        if (app, name) not in applied
        and not (
            (app, name) in replacements and all(r in applied for r in replacements[(app, name)].replaces)
        )
    )
    migrations = {"ok": not missing}
    if missing:
        migrations["non_appliquees"] = missing[:20]
    return {"ok": True}, migrations


def task_queue():
    from huey.contrib.djhuey import HUEY

    try:
        waiting = HUEY.storage.queue_size()
    except Exception as error:
        logger.warning("readyz: task queue unreachable: %s", error.__class__.__name__)
        return {"ok": False, "erreur": "file de tâches injoignable"}
    return {"ok": True, "en_attente": waiting}


def readiness():
    """(ready, details) for /readyz."""
    database, migrations = database_and_migrations()
    queue = task_queue()
    details = {"base_de_donnees": database, "file_de_taches": queue}
    if migrations is not None:
        details["migrations"] = migrations
    ready = database["ok"] and queue["ok"] and bool(migrations and migrations["ok"])
    return ready, details
