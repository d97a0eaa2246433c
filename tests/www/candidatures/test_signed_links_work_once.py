"""The emailed links that act without an account (the tutor's signature, the 6- and 12-month follow-up) work
once, expire, and carry ids only.

Personas: Jean Muller (the immersion tutor, no account), Amélie (hired, answers her follow-up by email).
"""

import base64
import datetime
import json

import pytest
import time_machine
from django.utils import timezone

from tdu.candidatures.models import ConventionSignature, FollowUp
from tdu.candidatures.notifications import follow_up_url, tutor_signing_url
from tests.situations import candidature_at, make_cast

pytestmark = pytest.mark.django_db


def path_of(url):
    return url.replace("http://testserver", "")


def payload(url):
    token = path_of(url).rstrip("/").split("/")[-1]
    data = token.split(":")[0]
    return json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def test_the_tutor_signs_once(client):
    cast = make_cast()
    candidature = candidature_at(cast, "immersion_proposed")
    url = path_of(tutor_signing_url(candidature.current_convention))
    assert payload(url) == {"convention": candidature.current_convention.pk}  # no name, no address
    first = client.post(url, {"name": "Jean Muller", "agree": "on"})
    assert first.status_code == 200
    again = client.post(url, {"name": "Quelqu'un d'autre", "agree": "on"})
    assert again.status_code == 200
    tutor = ConventionSignature.objects.filter(convention=candidature.current_convention, signatory="tutor")
    assert list(tutor.values_list("name", flat=True)) == ["Jean Muller"]


def test_a_follow_up_link_answers_once_and_the_answer_stays(client):
    cast = make_cast()
    candidature = candidature_at(cast, "hired")
    item = candidature.follow_ups.filter(respondent="job_seeker", milestone_months=6).get()
    url = path_of(follow_up_url(item))
    assert payload(url) == {"f": item.pk}
    answer = {"still_in_post": "oui", "same_company": "oui", "contract_now": "cdi"}
    assert "Merci, votre réponse est enregistrée" in client.post(url, answer).content.decode()
    client.post(url, {"still_in_post": "non", "same_company": "non", "contract_now": "none"})
    item = FollowUp.objects.get(pk=item.pk)
    assert (item.still_in_post, item.same_company, item.contract_now) == (True, True, "cdi")


@pytest.mark.parametrize(("kind", "days"), [("tutor", 31), ("follow_up", 61)])
def test_links_expire(client, kind, days):
    cast = make_cast()
    if kind == "tutor":
        url = tutor_signing_url(candidature_at(cast, "immersion_proposed").current_convention)
    else:
        url = follow_up_url(candidature_at(cast, "hired").follow_ups.first())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=days)):
        answer = client.get(path_of(url))
    assert answer.status_code == 400
    assert "Ce lien n&#x27;est pas valide ou a expiré." in answer.content.decode()
