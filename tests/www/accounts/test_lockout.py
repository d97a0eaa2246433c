"""200 wrong passwords on one account: the lockout stops them after 10, even the right password, for 15 minutes,
with a French page; the attempts are recorded (django-axes)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import PASSWORD, job_seeker

pytestmark = pytest.mark.django_db


def test_an_account_under_attack_is_locked_then_opens_again(client, settings):
    settings.AXES_ENABLED = True
    from axes.models import AccessAttempt

    amelie = job_seeker()
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        statuses = [
            client.post("/compte/connexion/", {"username": amelie.email, "password": f"faux{i}"}).status_code
            for i in range(200)
        ]
        assert statuses[:9] == [400] * 9 and set(statuses[10:]) == {429}, statuses[:12]
        locked = client.post("/compte/connexion/", {"username": amelie.email, "password": PASSWORD})
        assert locked.status_code == 429
        page = locked.content.decode()
        assert "Connexion suspendue pour ce compte" in page and "15 minutes" in page
        assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=amelie.email).exists()
    with time_machine.travel(now + datetime.timedelta(minutes=16), tick=False):
        opened = client.post("/compte/connexion/", {"username": amelie.email, "password": PASSWORD})
        assert opened.status_code == 302
