"""`not_hired`: after the training, the company, the person or the region declares, with a reason, that the hiring
promise was not kept."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.models import FollowUp, Hiring
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

REASON = "L'entreprise a perdu le marché qui justifiait le recrutement."


def after_the_training(session):
    """A week after the end (the training's entry was logged on its own first day)."""
    day = session.end_date + datetime.timedelta(days=7)
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))))


@pytest.mark.parametrize(
    ("who", "role", "told"),
    [
        ("bruno", "company", ["amelie", "david"]),
        ("amelie", "job_seeker", ["bruno", "david"]),
        ("elise", "region", ["amelie", "bruno", "david"]),
    ],
)
def test_it_is_declared_with_the_reason(client, cast, emails, who, role, told):
    candidature = candidature_at(cast, "training_completed")
    with after_the_training(cast.session), emails as sent:
        login(client, getattr(cast, who))
        page = act(client, candidature, "not_hired", reason=REASON)
    assert "Déclarer la promesse non tenue" in html(page)

    assert candidature.state == State.NOT_HIRED and candidature.exit_reason == REASON
    assert not Hiring.objects.exists() and not FollowUp.objects.exists()
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "not_hired",
        "training_completed",
        "not_hired",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (getattr(cast, who), role, REASON)
    assert addresses(sent) == sorted(getattr(cast, name).email for name in told)
    assert {m.subject for m in sent} == {f"[Trait d'union] Non embauchée : {cast.offer.title}"}
    company = cast.offer.company.name
    assert f"La promesse d'embauche de {company} pour Amélie Martin n'a pas été tenue." in sent[0].body
    assert f"Motif ou précisions : {REASON}" in sent[0].body


def test_it_needs_a_reason(client, cast):
    candidature = candidature_at(cast, "training_completed")
    login(client, cast.amelie)
    response = post_action(client, candidature, "not_hired", reason="")
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.TRAINING_COMPLETED and candidature.exit_reason == ""


def test_only_the_parties_and_the_region_declare_it(client, cast):
    candidature = candidature_at(cast, "training_completed")
    people = cast.everyone_but(cast.bruno, cast.amelie, cast.elise)  # Ida is staff of another region
    assert_nobody_else_may(client, candidature, "not_hired", {"reason": REASON}, people)


@pytest.mark.parametrize("step", ["in_training", "hired"])
def test_it_is_only_after_the_training_and_before_the_hiring(client, cast, step):
    candidature = candidature_at(cast, step)
    login(client, cast.amelie)
    response = post_action(client, candidature, "not_hired", reason=REASON)
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    candidature.refresh_from_db()
    assert candidature.state == step and candidature.exit_reason == ""
