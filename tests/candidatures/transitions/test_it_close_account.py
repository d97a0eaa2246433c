"""`close_account`: the person closes her account (tdu.privacy.erasure), whatever the step; no one does it from
the candidature's page."""

from tdu.candidatures.enums import State
from tdu.privacy.erasure import CLOSED_EMAIL, close_account
from tests.helpers import addresses, assert_nobody_else_may, state
from tests.situations import candidature_at


def test_closing_her_account_during_the_training_stops_the_path_and_tells_the_others(cast, emails):
    candidature = candidature_at(cast, "in_training")
    with emails as sent:
        close_account(cast.amelie)

    assert state(candidature) == State.WITHDRAWN
    entry = candidature.log.get(transition="close_account")  # the entry was written in the future
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "close_account",
        "in_training",
        "withdrawn",
    )
    assert (entry.actor, entry.actor_role) == (None, "system")
    told = [m for m in sent if "a fermé son compte" in m.body]
    # The company, the adviser and the training organisation; no longer the person (her account is gone).
    assert addresses(told) == sorted([cast.bruno.email, cast.chloe.email, cast.david.email])
    assert all("Amélie" not in m.body and "Martin" not in m.body for m in told)
    assert told[0].subject == f"[Trait d'union] Retirée : {cast.offer.title}"
    candidature.refresh_from_db()
    assert candidature.job_seeker.email == CLOSED_EMAIL


def test_a_finished_path_keeps_its_state(cast, emails):
    candidature = candidature_at(cast, "hired")
    with emails:
        close_account(cast.amelie)
    assert state(candidature) == State.HIRED


def test_nobody_performs_it_from_the_page(client, cast):
    candidature = candidature_at(cast, "under_review")
    assert_nobody_else_may(client, candidature, "close_account", {}, list(cast.people().values()))
