"""The search's raw SQL helpers: lists as one parameter, and PostgreSQL cursors that prepare their statements."""

import json

from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


def member(column, values, *, negate=False):
    """`column` in (or not in) `values`, as SQL and its one argument: a list of a thousand communes is one
    parameter (an array on PostgreSQL, a JSON array on SQLite), not a thousand placeholders that the driver
    would parse and the database plan one by one (it was a third of the search's SQL time)."""
    values = list(values)
    if connection.vendor == "postgresql":
        test = f"{column} <> ALL(%s{{}})" if negate else f"{column} = ANY(%s{{}})"
        if values and all(type(value) is int for value in values):
            # Ids (bigint columns) as one array literal: psycopg's client-side binding would escape each element
            # of a list in Python (a millisecond for a thousand communes); the SQL sent is the same.
            return test.format("::bigint[]"), ["{" + ",".join(map(str, values)) + "}"]
        return test.format(""), [values]
    return f"{column} {'NOT IN' if negate else 'IN'} (SELECT value FROM json_each(%s))", [json.dumps(values)]


def prepared_cursor():
    """On PostgreSQL, a cursor binding its arguments on the server, so that a statement the search runs again and
    again is parsed and planned once per connection (psycopg prepares it after the connection's
    prepare_threshold executions: settings DB_PREPARE_THRESHOLD). Only for statements whose generic plan is as
    good as a custom one: not the offers' (their plan depends on how many offers the communes asked hold).
    Django's own cursors bind on the client and never prepare."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:  # preparing turned off: nothing to gain from server-side binding
        return connection.cursor()
    import psycopg

    cursor = psycopg.Cursor(raw)
    # What Django's own cursor() adds: the thread check and the wrapper (execute_wrapper, the debug log).
    connection.validate_thread_sharing()
    wrapper = CursorDebugWrapper if connection.queries_logged else CursorWrapper
    return wrapper(cursor, connection)
