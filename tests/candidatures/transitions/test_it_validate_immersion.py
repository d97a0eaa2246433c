"""`validate_immersion`: the adviser validates the fully signed convention; the immersion may take place."""

from tdu.candidatures.enums import State
from tdu.candidatures.services import immersion
from tests.helpers import (
    act,
    addresses,
    assert_nobody_else_may,
    html,
    last_entry,
    login,
    pdf_text,
    post_action,
)
from tests.situations import candidature_at


def test_the_adviser_validates_the_signed_convention(client, cast, emails):
    candidature = candidature_at(cast, "convention_signed")
    login(client, cast.david)
    with emails as sent:
        page = act(client, candidature, "validate_immersion")

    assert "Valider l&#x27;immersion" in html(page)
    assert candidature.state == State.IMMERSION_VALIDATED
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "validate_immersion",
        "convention_signed",
        "immersion_validated",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.david, "prescriber", "")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email])  # not David, who acted
    assert sent[0].subject == f"[Trait d'union] Immersion validée : {cast.offer.title}"
    assert (
        f"La convention d'immersion pour « {cast.offer.title} » est validée : l'immersion peut avoir lieu."
        in (sent[0].body)
    )
    convention = candidature.current_convention
    assert convention.cancelled_at is None
    # Who validated, and when: on the convention, on the page and in the PDF.
    assert convention.validated_by == cast.david and convention.validated_at is not None
    assert convention.validated_by_name == "David Klein (France Travail Metz)"
    assert convention.is_intact()  # the validation is outside the signed content
    login(client, cast.amelie)
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    assert "validée par David Klein (France Travail Metz) le " in page
    text = " ".join(
        pdf_text(client.get(f"/candidatures/{candidature.pk}/conventions/{convention.pk}/pdf/")).split()
    )
    assert "Validée par David Klein (France Travail Metz) le " in text


def test_a_convention_is_not_validated_before_every_signature(client, cast, emails):
    candidature = candidature_at(cast, "immersion_proposed")
    immersion.sign_convention(candidature, "company", "Bruno Schmitt", cast.bruno)
    login(client, cast.david)
    with emails as sent:
        response = post_action(client, candidature, "validate_immersion")
    assert response.status_code == 400
    assert "Validation impossible : il manque la signature de Bénéficiaire, Tuteur ou tutrice." in html(
        response
    )
    candidature.refresh_from_db()
    assert (candidature.state, sent) == (State.IMMERSION_PROPOSED, [])
    assert not candidature.log.filter(transition="validate_immersion").exists()


def test_it_is_the_adviser_s_alone(client, cast):
    candidature = candidature_at(cast, "convention_signed")
    login(client, cast.amelie)
    assert 'actions/validate_immersion/"' not in html(client.get(f"/candidatures/{candidature.pk}/"))
    assert_nobody_else_may(client, candidature, "validate_immersion", {}, cast.everyone_but(cast.david))


def test_a_validated_immersion_is_not_validated_twice(client, cast, emails):
    candidature = candidature_at(cast, "immersion_validated")
    login(client, cast.david)
    with emails as sent:
        response = post_action(client, candidature, "validate_immersion")
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Immersion validée »." in html(response)
    assert (candidature.log.filter(transition="validate_immersion").count(), sent) == (1, [])
