"""A session ends after a while without activity: 30 minutes for the Region's staff, 4 hours for the others."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import job_seeker, region_staff
from tests.helpers import login

pytestmark = pytest.mark.django_db


def logged_in_after(client, person, minutes):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, person)
        assert client.get("/tableau-de-bord/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
        return client.get("/tableau-de-bord/").status_code == 200


def test_region_staff_are_logged_out_after_half_an_hour_idle(client):
    assert logged_in_after(client, region_staff(), 25)
    assert not logged_in_after(client, region_staff(email="autre.region@example.org"), 35)


def test_a_job_seeker_keeps_her_session_for_a_few_hours_of_idleness(client):
    amelie = job_seeker()
    assert logged_in_after(client, amelie, 35)
    assert not logged_in_after(client, amelie, 5 * 60)


def test_activity_pushes_the_expiry_back(client):
    staff = region_staff()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, staff)
    for minutes in (20, 40, 60):  # a request every 20 minutes: never 30 idle
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get("/tableau-de-bord/").status_code == 200
