"""`record_absence`: during the training the organisation signals days missed; the person, the company and her
adviser are told; the path goes on."""

import datetime

from tdu.candidatures.enums import State
from tdu.candidatures.models import Absence
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at, on_day

DAY = datetime.timedelta(days=1)


def absence_form(first, last, justified="oui", note=""):
    return {
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "justified": justified,
        "note": note,
    }


def test_chloe_signals_two_days_missed_and_everyone_on_the_path_is_told(client, cast, emails):
    candidature = candidature_at(cast, "in_training")
    session = cast.session
    first = session.start_date + 10 * DAY
    with on_day(first + 3 * DAY), emails as sent:
        login(client, cast.chloe)
        act(
            client,
            candidature,
            "record_absence",
            **absence_form(first, first + DAY, "non", "Sans nouvelles."),
        )
        page = html(client.get(f"/candidatures/{candidature.pk}/"))
        assert "Absence enregistrée : la personne, l&#x27;entreprise et sa structure" in page

    assert candidature.state == State.IN_TRAINING  # the training goes on
    absence = Absence.objects.get()
    assert (absence.first_day, absence.last_day, absence.justified, absence.days) == (
        first,
        first + DAY,
        False,
        2,
    )
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state, entry.actor) == (
        "record_absence",
        "in_training",
        "in_training",
        cast.chloe,
    )
    assert "non justifiée. Sans nouvelles." in entry.reason
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert sent[0].subject == "[Trait d'union] Absence en formation : Amélie Martin"
    assert "(2 jours), non justifiée." in sent[0].body and "Précisions : Sans nouvelles." in sent[0].body
    with on_day(first + 3 * DAY):
        login(client, cast.amelie)
        assert "non justifiée : Sans nouvelles." in html(client.get(f"/candidatures/{candidature.pk}/"))


def test_an_absence_in_the_future_or_outside_the_training_is_refused(client, cast, emails):
    candidature = candidature_at(cast, "in_training")
    session = cast.session
    today = session.start_date + 5 * DAY
    cases = [
        (absence_form(today + DAY, today + DAY), "Une absence à venir ne se signale pas encore"),
        (absence_form(today, today - DAY), "Le dernier jour d&#x27;absence est avant le premier."),
        (
            absence_form(session.start_date - DAY, session.start_date),
            "l&#x27;absence ne peut pas être avant.",
        ),
    ]
    with on_day(today), emails as sent:
        login(client, cast.chloe)
        for data, message in cases:
            response = post_action(client, candidature, "record_absence", **data)
            assert response.status_code == 400 and message in html(response), message
    assert not Absence.objects.exists() and sent == []
    assert not candidature.log.filter(transition="record_absence").exists()


def test_it_is_the_training_organisation_s_alone(client, cast):
    candidature = candidature_at(cast, "in_training")
    day = cast.session.start_date + 2 * DAY
    with on_day(day):
        assert_nobody_else_may(
            client, candidature, "record_absence", absence_form(day, day), cast.everyone_but(cast.chloe)
        )
