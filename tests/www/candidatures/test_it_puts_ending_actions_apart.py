"""The next thing to do comes first and open; refusing or ending comes last, apart, behind a confirmation."""

from tests.helpers import html, login
from tests.situations import candidature_at


def test_bruno_sees_his_next_step_first_and_refusing_last_and_apart(client, cast):
    candidature = candidature_at(cast, "under_review")
    login(client, cast.bruno)
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    actions = page[page.index("Ce que vous pouvez faire") :]
    first = actions.index("<details")
    assert actions[first : first + 40].startswith('<details class="fr-mb-2w" open>')
    assert actions.index("Proposer une rencontre") < actions.index("Refuser ou mettre fin")
    apart = actions[actions.index("Refuser ou mettre fin") :]
    assert "Refuser la candidature…" in apart and "Êtes-vous sûr·e ? Cette action est définitive." in apart
    assert "Oui, refuser la candidature" in apart
    assert '<details class="fr-mb-2w" open>' not in apart  # never open by itself


def test_amelie_withdraws_only_behind_the_confirmation(client, cast):
    candidature = candidature_at(cast, "meeting_planned")
    login(client, cast.amelie)
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    apart = page[page.index("Refuser ou mettre fin") :]
    assert "Retirer la candidature…" in apart and "Oui, retirer la candidature" in apart
