"""`open`: the company takes up a new candidature (a button, no form); the person and her adviser are told."""

from tdu.candidatures.enums import State
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action, state
from tests.situations import candidature_at


def test_it_puts_the_candidature_under_review(client, cast, emails):
    candidature = candidature_at(cast, "sent")
    login(client, cast.bruno)
    with emails as sent:
        page = act(client, candidature, "open")

    assert "Étudier la candidature (la personne en est prévenue)" in html(page)
    assert candidature.state == State.UNDER_REVIEW
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == ("open", "sent", "under_review")
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.bruno, "company", "")
    assert addresses(sent) == sorted([cast.amelie.email, cast.david.email])  # not Bruno, who acted
    assert sent[0].subject == f"[Trait d'union] En étude : {cast.offer.title}"
    assert f"L'entreprise {cast.offer.company.name} étudie votre candidature « {cast.offer.title} »." in (
        sent[0].body
    )
    assert "Candidature prise en charge : la personne est prévenue. Proposez-lui maintenant" in html(
        client.get(f"/candidatures/{candidature.pk}/")
    )


def test_reading_the_page_changes_nothing(client, cast, emails):
    candidature = candidature_at(cast, "sent")
    before = (candidature.version, candidature.log.count())
    with emails as sent:
        for person in (cast.bruno, cast.amelie, cast.david, cast.elise, cast.ada):
            login(client, person)
            assert client.get(f"/candidatures/{candidature.pk}/").status_code == 200
    candidature.refresh_from_db()
    assert candidature.state == State.SENT
    assert (candidature.version, candidature.log.count()) == before
    assert sent == []


def test_a_get_on_the_action_does_nothing(client, cast, emails):
    candidature = candidature_at(cast, "sent")
    login(client, cast.bruno)
    with emails as sent:
        response = client.get(f"/candidatures/{candidature.pk}/actions/open/")
    assert response.status_code == 405
    assert (state(candidature), candidature.log.count(), sent) == (State.SENT, 1, [])


def test_it_is_the_company_s_alone(client, cast):
    candidature = candidature_at(cast, "sent")
    login(client, cast.amelie)
    assert 'actions/open/"' not in html(client.get(f"/candidatures/{candidature.pk}/"))
    for reader in (cast.ada, cast.elise):  # they read the page, they do not act on it
        login(client, reader)
        response = post_action(client, candidature, "open")
        assert response.status_code == 403
        assert "Vous ne pouvez pas faire cette action sur cette candidature." in html(response)
    assert_nobody_else_may(client, candidature, "open", {}, cast.everyone_but(cast.bruno))


def test_an_opened_candidature_is_not_opened_twice(client, cast, emails):
    candidature = candidature_at(cast, "under_review")
    login(client, cast.bruno)
    with emails as sent:
        response = post_action(client, candidature, "open")
    assert response.status_code == 409
    assert "Action impossible : la candidature est « En étude »." in html(response)
    assert candidature.log.filter(transition="open").count() == 1
    assert sent == []
