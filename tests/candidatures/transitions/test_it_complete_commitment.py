"""`complete_commitment`: the system marks the commitment signed when its second party signs, then asks the
training organisation for the enrolment (`request_enrolment`)."""

import pytest
from django.db import transaction

from tdu.candidatures.engine import perform
from tdu.candidatures.enums import Actor, State
from tdu.utils.errors import DomainError, NotAllowed
from tests.helpers import act, addresses, last_entry, login, pdf_text, post_action
from tests.situations import candidature_at


def sign(client, candidature, person, signatory):
    login(client, person)
    act(
        client,
        candidature,
        "sign_commitment",
        signatory=signatory,
        name=person.full_name,
        commitment=candidature.current_commitment.pk,
        agree="on",
    )


def test_the_second_signature_completes_the_commitment(client, cast, emails):
    candidature = candidature_at(cast, "commitment_proposed")
    promise = candidature.current_commitment
    sign(client, candidature, cast.amelie, "beneficiary")
    with emails as sent:
        sign(client, candidature, cast.bruno, "company")

    assert candidature.state == State.ENROLMENT_REQUESTED  # signed, and the enrolment asked at once
    signature, completion, request = candidature.log.order_by("-id")[:3][::-1]
    assert (signature.transition, signature.actor, signature.actor_role) == (
        "sign_commitment",
        cast.bruno,
        "company",
    )
    assert (completion.transition, completion.from_state, completion.to_state) == (
        "complete_commitment",
        "commitment_proposed",
        "commitment_signed",
    )
    assert (completion.actor, completion.actor_role, completion.actor_name) == (None, "system", "")
    assert (request.transition, request.actor_role) == ("request_enrolment", "system")
    assert last_entry(candidature) == request
    assert promise.missing_signatures() == [] and promise.cancelled_at is None
    signed = [m for m in sent if "Engagement réciproque signé" in m.subject]
    assert addresses(signed) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    assert signed[0].subject == "[Trait d'union] Engagement réciproque signé : Amélie Martin"
    assert f"{cast.offer.company.name} et Amélie Martin ont signé l'engagement réciproque." in signed[0].body
    assert "L'inscription à la session de formation est demandée à l'organisme." in signed[0].body


def test_the_pdf_verifies_both_signatures(client, cast):
    candidature = candidature_at(cast, "commitment_proposed")
    promise = candidature.current_commitment
    sign(client, candidature, cast.bruno, "company")
    sign(client, candidature, cast.amelie, "beneficiary")

    response = client.get(f"/candidatures/{candidature.pk}/engagements/{promise.pk}/pdf/")
    text = " ".join(pdf_text(response).split())
    assert text.count("l'empreinte signée correspond au contenu de l'engagement") == 2
    assert "ATTENTION" not in text
    assert "Bruno Schmitt" in text and "Amélie Martin" in text
    assert "en attente de signature" not in text


def test_one_signature_completes_nothing(client, cast):
    candidature = candidature_at(cast, "commitment_proposed")
    sign(client, candidature, cast.bruno, "company")
    assert candidature.state == State.COMMITMENT_PROPOSED
    assert not candidature.log.filter(transition="complete_commitment").exists()
    with pytest.raises(DomainError) as refused, transaction.atomic():
        perform(candidature, "complete_commitment", None, actor_role=Actor.SYSTEM)
    assert (
        refused.value.message == "Il manque la signature de : La personne (engagement à suivre la formation)."
    )
    candidature.refresh_from_db()
    assert candidature.state == State.COMMITMENT_PROPOSED


def test_nobody_completes_it_by_hand(client, cast):
    candidature = candidature_at(cast, "commitment_proposed")
    candidature.current_commitment.signatures.create(
        signatory="company", name="Bruno Schmitt", content_hash="x"
    )
    candidature.current_commitment.signatures.create(
        signatory="beneficiary", name="Amélie Martin", content_hash="x"
    )
    for person in (cast.bruno, cast.amelie, cast.david):
        with pytest.raises(NotAllowed), transaction.atomic():
            perform(candidature, "complete_commitment", person)
        login(client, person)
        assert post_action(client, candidature, "complete_commitment").status_code == 404  # no such action
    candidature.refresh_from_db()
    assert candidature.state == State.COMMITMENT_PROPOSED
