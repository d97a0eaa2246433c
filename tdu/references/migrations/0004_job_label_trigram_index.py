"""Trigram indexes under the job suggestions and the search's words (JobLabelQuerySet.containing).

PostgreSQL: the pg_trgm extension (trusted: the database's owner may create it) and a GIN index on each search label,
which PostgreSQL's LIKE '%…%' uses. SQLite: its LIKE '%…%' can only scan; an FTS5 table with the trigram tokenizer
per model answers the same LIKE from its index, kept equal to the table by triggers, whoever writes."""

from django.db import migrations

# (table, its FTS5 table, the key written in the FTS5 table: a column, or the rowid)
TABLES = [
    ("references_romecode", "references_romecode_fts", "code"),
    ("references_romeappellation", "references_romeappellation_fts", "ogr_code"),
]


def _fts(key):
    """Columns of the FTS5 table and how a row's key is written and found there."""
    if key == "code":
        return "search_label, code UNINDEXED", "(search_label, code)", "code"
    return "search_label", "(rowid, search_label)", "rowid"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for table, _, _ in TABLES:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} USING gin (search_label gin_trgm_ops)"
                )
            return
        for table, fts, key in TABLES:
            columns, written, found = _fts(key)
            values = f"(new.search_label, new.{key})" if key == "code" else f"(new.{key}, new.search_label)"
            cursor.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, tokenize='trigram')")
            selected = "search_label, code" if key == "code" else f"{key}, search_label"
            cursor.execute(f"INSERT INTO {fts} {written} SELECT {selected} FROM {table}")
            cursor.execute(
                f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {fts} {written} VALUES {values}; END"
            )
            cursor.execute(
                f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
                f"DELETE FROM {fts} WHERE {found} = old.{key}; END"
            )
            cursor.execute(
                f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {key}, search_label ON {table} BEGIN "
                f"DELETE FROM {fts} WHERE {found} = old.{key}; INSERT INTO {fts} {written} VALUES {values}; END"
            )


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table, fts, _ in TABLES:
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
                continue
            for event in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
            cursor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [("references", "0003_region_baseline_employment_percent_and_more")]

    operations = [migrations.RunPython(create, drop)]
