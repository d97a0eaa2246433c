"""Fast inserts of generated rows, below the ORM: COPY on PostgreSQL, executemany elsewhere (SQLite).

Rows are plain tuples whose values are already adapted for the database (see `Adapter`), so that no
model instance is ever built: a million rows cost a few seconds of Python, not minutes.
Primary keys of parent rows are reserved in blocks (see `reserve_ids`) and assigned here, so that
children can point to them without reading them back.
"""

import contextlib
import datetime
import json

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone


class Adapter:
    """Database-ready dates and datetimes, cached: generated rows reuse a few thousand distinct values."""

    def __init__(self, today: datetime.date, now: datetime.datetime):
        self.today = today
        self.now = now
        self._dates = {}
        self._datetimes = {}
        self.now_value = connection.ops.adapt_datetimefield_value(now)

    def day(self, offset: int):
        """`today + offset days`, adapted."""
        value = self._dates.get(offset)
        if value is None:
            value = connection.ops.adapt_datefield_value(self.today + datetime.timedelta(days=offset))
            self._dates[offset] = value
        return value

    def moment(self, minutes_ago: int):
        """`now - minutes_ago` rounded to 5 minutes, adapted."""
        minutes_ago -= minutes_ago % 5
        value = self._datetimes.get(minutes_ago)
        if value is None:
            value = connection.ops.adapt_datetimefield_value(
                self.now - datetime.timedelta(minutes=minutes_ago)
            )
            self._datetimes[minutes_ago] = value
        return value

    @staticmethod
    def json(value) -> str:
        return json.dumps(value)


class RawTable:
    """INSERT of tuples into one model's table; columns not given get the field default."""

    def __init__(self, model, attnames: list[str], now: datetime.datetime | None = None, *, adapt=False):
        self.model = model
        meta = model._meta
        fields = {f.attname: f for f in meta.concrete_fields}
        # adapt=True: rows hold Python values (dates, aware datetimes, decimals), converted by each field.
        self.adapters = (
            [fields[name].get_db_prep_save for name in attnames if name in fields] if adapt else None
        )
        unknown = [name for name in attnames if name not in fields]
        if unknown:
            raise ImproperlyConfigured(f"{meta.label} n'a pas les champs {unknown}.")
        columns = [fields[name].column for name in attnames]
        tail = []
        for name, f in fields.items():
            if name in attnames or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = connection.ops.adapt_datetimefield_value(now or timezone.now())
            elif f.has_default():
                value = f.get_db_prep_save(f.get_default(), connection)
            elif f.null:
                value = None
            elif f.blank and f.empty_strings_allowed:
                value = ""  # an optional text field
            else:
                raise ImproperlyConfigured(
                    f"Le générateur ne sait pas remplir {meta.label}.{name} (obligatoire, sans valeur par défaut)."
                )
            columns.append(f.column)
            tail.append(value)
        self.tail = tuple(tail)
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        self.columns = ", ".join(quote(c) for c in columns)
        self.width = len(columns)

    def insert(self, rows: list[tuple]) -> int:
        if not rows:
            return 0
        if self.adapters:
            adapters = self.adapters
            rows = [
                tuple(None if v is None else a(v, connection) for a, v in zip(adapters, row, strict=True))
                for row in rows
            ]
        if self.tail:
            rows = [row + self.tail for row in rows]
        with connection.cursor() as cursor:
            raw = cursor.cursor  # below Django's debug wrapper: no per-row logging
            if connection.vendor == "postgresql":
                with raw.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * self.width)
                raw.executemany(f"INSERT INTO {self.table} ({self.columns}) VALUES ({placeholders})", rows)
        return len(rows)


def reserve_ids(model, count: int) -> int:
    """Reserve `count` consecutive primary keys of `model`'s table and return the first one.

    The table's sequence is moved past the block, so rows inserted meanwhile through the ORM get other
    keys. Two generators reserving at the same instant on PostgreSQL could still overlap: run one at a time.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    table, pk = meta.db_table, meta.pk.column
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")
        base = (cursor.fetchone()[0] or 0) + 1
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quote(table), pk])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s)", [sequence])
            base = max(base, cursor.fetchone()[0])
            if count:
                cursor.execute("SELECT setval(%s, %s)", [sequence, base + count - 1])
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            base = max(base, (row[0] if row else 0) + 1)
            if count:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, base + count - 1]
                )
    return base


@contextlib.contextmanager
def fast_writes():
    """SQLite only: no fsync while generating.

    A crash of the process loses nothing committed; a power cut or OS crash during generation may
    corrupt the database: use on test and demo databases only.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # SQLite refuses to change this inside a transaction (e.g. a test's): generate without it.
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA synchronous=OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={int(previous)}")
