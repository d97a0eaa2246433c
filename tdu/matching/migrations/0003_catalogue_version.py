"""CatalogueVersion and the triggers that move it (SQLite: one per table and operation; PostgreSQL: per statement)."""

from django.db import migrations, models

VERSION_TABLE = "matching_catalogueversion"
# (table, column moved, what a write means to the search)
WATCHED = [
    ("offers_joboffer", "offers", "INSERT OR UPDATE OR DELETE OR TRUNCATE", ("INSERT", "UPDATE", "DELETE")),
    ("companies_company", "offers", "UPDATE OF name, siret", ("UPDATE OF name, siret",)),
    (
        "references_romecode",
        "romes",
        "INSERT OR UPDATE OR DELETE OR TRUNCATE",
        ("INSERT", "UPDATE", "DELETE"),
    ),
    (
        "references_romeappellation",
        "romes",
        "INSERT OR UPDATE OR DELETE OR TRUNCATE",
        ("INSERT", "UPDATE", "DELETE"),
    ),
    (
        "references_commune",
        "communes",
        "INSERT OR UPDATE OR DELETE OR TRUNCATE",
        ("INSERT", "UPDATE", "DELETE"),
    ),
]


COLUMNS = ("offers", "romes", "communes")


def _bump(column):
    values = ", ".join("1" if name == column else "0" for name in COLUMNS)
    return (
        f"INSERT INTO {VERSION_TABLE} (id, {', '.join(COLUMNS)}) VALUES (1, {values}) "
        f"ON CONFLICT (id) DO UPDATE SET {column} = {VERSION_TABLE}.{column} + 1"
    )


def _name(table, suffix=""):
    return f"tdu_version_{table}{suffix}"


def create_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table, column, pg_events, sqlite_events in WATCHED:
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {_name(table)}() RETURNS trigger AS $$ "
                    f"BEGIN {_bump(column)}; RETURN NULL; END $$ LANGUAGE plpgsql"
                )
                cursor.execute(
                    f"CREATE TRIGGER {_name(table)} AFTER {pg_events} ON {table} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {_name(table)}()"
                )
            else:
                for position, event in enumerate(sqlite_events):
                    cursor.execute(
                        f"CREATE TRIGGER {_name(table, f'_{position}')} AFTER {event} ON {table} "
                        f"BEGIN {_bump(column)}; END"
                    )


def drop_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table, _, _, sqlite_events in WATCHED:
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {_name(table)} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {_name(table)}()")
            else:
                for position in range(len(sqlite_events)):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {_name(table, f'_{position}')}")


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_links_version"),
        ("offers", "0006_description_length"),
        ("companies", "0002_company_france_travail_id_alter_company_siret"),
        ("references", "0003_region_baseline_employment_percent_and_more"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("offers", models.PositiveBigIntegerField(default=0)),
                ("romes", models.PositiveBigIntegerField(default=0)),
                ("communes", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "version du catalogue"},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
