"""Structured logs: the current request's id on every record, one line per Huey task (name, duration, outcome).

The request line itself is written by tdu.www.requestlog; the formatter (readable or JSON) is chosen in
config/settings.py (LOG_FORMAT).
"""

import contextvars
import logging
import time

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
job_logger = logging.getLogger("tdu.job")

# The outcome of a task that ran (or was stopped before running), by Huey signal.
OUTCOMES = ("complete", "error", "locked", "interrupted", "timeout", "canceled", "revoked", "expired")


class RequestIdFilter(logging.Filter):
    """Adds the id of the request being served (empty outside a request) to each record."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


_started: dict[str, float] = {}


def log_task(signal, task, exc=None, *args, **kwargs):
    if signal == "executing":
        _started[task.id] = time.perf_counter()
        return
    if signal not in OUTCOMES:
        return
    started = _started.pop(task.id, None)
    fields = {
        "job": task.name,
        "task_id": task.id,
        "outcome": signal,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started is not None else None,
    }
    if exc is not None:
        fields["error"] = exc.__class__.__name__
    level = logging.ERROR if signal in ("error", "timeout") else logging.INFO
    job_logger.log(level, "task %s %s", task.name, signal, extra=fields)


def connect_huey():
    """Called once from the app's ready(): every task of the worker is logged."""
    from huey.contrib.djhuey import HUEY

    HUEY.signal()(log_task)
