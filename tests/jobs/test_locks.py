"""Periodic tasks take a lock: a copy started while another runs (a second worker) does nothing."""

import logging

import pytest
from huey.api import TaskWrapper
from huey.contrib.djhuey import HUEY, lock_task

from tdu.jobs import tasks

PERIODIC = sorted(
    name
    for name, value in vars(tasks).items()
    if isinstance(value, TaskWrapper) and hasattr(value.task_class, "validate_datetime")
)


def test_every_job_of_the_schedule_runs_from_a_locked_periodic_task(monkeypatch):
    ran = []
    for job in tasks.JOB:
        monkeypatch.setitem(tasks.JOB, job, lambda job=job: ran.append(job))
    for name in PERIODIC:
        getattr(tasks, name)()
    assert sorted(ran) == sorted(tasks.JOB)
    assert len(HUEY._locks) >= len(PERIODIC)  # declared at import: a starting worker can free them


@pytest.mark.parametrize("name", PERIODIC)
def test_a_periodic_task_started_while_its_lock_is_held_runs_nothing(name, monkeypatch, caplog):
    ran = []
    for job in tasks.JOB:
        monkeypatch.setitem(tasks.JOB, job, lambda job=job: ran.append(job))
    task = getattr(tasks, name)
    with lock_task(name), caplog.at_level(logging.WARNING, logger="huey"):
        task()
    assert ran == []
    assert "unable to acquire lock" in caplog.text
    assert not HUEY.is_locked(name)  # released on the way out
    task()
    assert ran  # without another copy running, it runs its jobs
    assert not HUEY.is_locked(name)
