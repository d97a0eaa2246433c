"""`sign_commitment`: the company signs its hiring promise, the person her commitment to follow the training;
the second signature completes the commitment (`complete_commitment`, tested apart)."""

from html import unescape

from tdu.candidatures.enums import State
from tdu.candidatures.services import application
from tests.helpers import act, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at


def signature(candidature, signatory, name, **overrides):
    data = {
        "signatory": signatory,
        "name": name,
        "commitment": candidature.current_commitment.pk,
        "agree": "on",
    }
    return {**data, **overrides}


def test_the_company_signs_first_and_nothing_else_happens(client, cast, emails):
    candidature = candidature_at(cast, "commitment_proposed")
    promise = candidature.current_commitment
    login(client, cast.bruno)
    page = act(
        client, candidature, "sign_commitment", **signature(candidature, "company", "  Bruno Schmitt ")
    )
    assert "Signer la promesse d'embauche" in unescape(html(page))
    assert "Signer mon engagement à suivre la formation" not in unescape(html(page))  # not Bruno's to sign
    assert "Votre signature est enregistrée. La personne doit maintenant signer son engagement" in unescape(
        html(client.get(f"/candidatures/{candidature.pk}/"))
    )
    again = unescape(html(client.get(f"/candidatures/{candidature.pk}/")))
    assert "Signer la promesse d'embauche" not in again  # signed: no longer offered

    assert candidature.state == State.COMMITMENT_PROPOSED  # the person has not signed yet
    signed = promise.signatures.get()
    assert (signed.signatory, signed.name, signed.user) == ("company", "Bruno Schmitt", cast.bruno)
    assert signed.content_hash == promise.content_hash == promise.compute_hash()
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "sign_commitment",
        "commitment_proposed",
        "commitment_proposed",
    )
    assert (entry.actor, entry.actor_role, entry.actor_name) == (cast.bruno, "company", "Bruno Schmitt")
    with emails as sent:
        login(client, cast.amelie)
        page = client.get(f"/candidatures/{candidature.pk}/")
    assert "Signer mon engagement à suivre la formation" in unescape(html(page))
    assert sent == [] and not candidature.enrolments.exists()


def test_the_person_signs_her_commitment_in_her_name(client, cast):
    candidature = candidature_at(cast, "commitment_proposed")
    login(client, cast.amelie)
    act(client, candidature, "sign_commitment", **signature(candidature, "beneficiary", "Amélie Martin"))
    assert candidature.current_commitment.missing_signatures() == ["company"]
    entry = last_entry(candidature)
    assert (entry.actor, entry.actor_role, entry.actor_name) == (cast.amelie, "job_seeker", "Amélie Martin")
    told = unescape(html(client.get(f"/candidatures/{candidature.pk}/")))
    assert "L'entreprise doit maintenant signer sa promesse d'embauche ; nous vous écrirons." in told
    login(client, cast.bruno)
    act(client, candidature, "sign_commitment", **signature(candidature, "company", "Bruno Schmitt"))
    done = unescape(html(client.get(f"/candidatures/{candidature.pk}/")))
    assert "l'engagement est signé des deux côtés. L'organisme de formation doit maintenant accepter" in done
    assert candidature.state == State.ENROLMENT_REQUESTED


def test_nobody_signs_for_another_party(client, cast):
    candidature = candidature_at(cast, "commitment_proposed")
    data = signature(candidature, "company", "Quelqu'un")
    assert_nobody_else_may(client, candidature, "sign_commitment", data, cast.everyone_but(cast.bruno))
    data = signature(candidature, "beneficiary", "Quelqu'un")
    assert_nobody_else_may(client, candidature, "sign_commitment", data, cast.everyone_but(cast.amelie))
    assert not candidature.current_commitment.signatures.exists()


def test_one_signs_once_and_only_the_commitment_in_force(client, cast):
    candidature = candidature_at(cast, "commitment_proposed")
    login(client, cast.bruno)
    act(client, candidature, "sign_commitment", **signature(candidature, "company", "Bruno Schmitt"))
    response = post_action(
        client, candidature, "sign_commitment", **signature(candidature, "company", "Bruno")
    )
    assert response.status_code == 400
    assert "Cette signature a déjà été donnée." in html(response)

    login(client, cast.amelie)
    other = signature(
        candidature, "beneficiary", "Amélie Martin", commitment=candidature.current_commitment.pk + 1
    )
    response = post_action(client, candidature, "sign_commitment", **other)
    assert response.status_code == 409
    assert "Cet engagement a été remplacé : relisez la nouvelle version avant de signer." in html(response)
    unchecked = signature(candidature, "beneficiary", "Amélie Martin", agree="")
    assert post_action(client, candidature, "sign_commitment", **unchecked).status_code == 400
    assert candidature.current_commitment.signatures.count() == 1


def test_a_refused_candidature_is_no_longer_signed(client, cast):
    candidature = candidature_at(cast, "commitment_proposed")
    application.refuse(candidature, cast.bruno, "other", "Le poste est supprimé.")
    login(client, cast.amelie)
    response = post_action(
        client, candidature, "sign_commitment", **signature(candidature, "beneficiary", "Amélie Martin")
    )
    assert response.status_code == 409
    assert "Action impossible" in html(response)
    assert not candidature.commitments.get().signatures.exists()
