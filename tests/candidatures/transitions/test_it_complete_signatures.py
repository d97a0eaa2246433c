"""`complete_signatures`: done by the service when the third party signs; the adviser is asked to validate."""

from tdu.candidatures.enums import State
from tdu.candidatures.notifications import tutor_signing_url
from tdu.candidatures.services import immersion
from tests.helpers import act, addresses, assert_nobody_else_may, html, login
from tests.situations import candidature_at


def tutor_link(candidature, settings):
    return tutor_signing_url(candidature.current_convention).replace(settings.SITE_URL, "")


def sign_on_the_page(client, candidature, person, signatory):
    login(client, person)
    act(
        client,
        candidature,
        "sign_convention",
        signatory=signatory,
        name=person.full_name,
        convention=candidature.current_convention.pk,
        agree="on",
    )


def completion(candidature):
    return candidature.log.filter(transition="complete_signatures")


def test_the_tutor_s_signature_completes_the_convention(client, cast, emails, settings):
    candidature = candidature_at(cast, "immersion_proposed")
    immersion.sign_convention(candidature, "beneficiary", "Amélie Martin", cast.amelie)
    immersion.sign_convention(candidature, "company", "Bruno Schmitt", cast.bruno)
    assert not completion(candidature).exists()
    with emails as sent:
        response = client.post(tutor_link(candidature, settings), {"name": "Jean Muller", "agree": "on"})

    assert response.status_code == 200 and "Votre signature est enregistrée. Merci !" in html(response)
    candidature.refresh_from_db()
    assert candidature.state == State.CONVENTION_SIGNED
    assert candidature.current_convention.missing_signatures() == []
    entry = candidature.log.order_by("-id").first()
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "complete_signatures",
        "immersion_proposed",
        "convention_signed",
    )
    assert (entry.actor, entry.actor_name, entry.actor_role, entry.reason) == (None, "", "system", "")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])
    to_validate = next(m for m in sent if m.to == [cast.david.email])
    assert to_validate.subject == "[Trait d'union] Convention à valider : Amélie Martin"
    assert (
        "Toutes les parties ont signé la convention d'immersion. Validez-la, ou refusez-la"
        in to_validate.body
    )
    assert f"Valider la convention : http://testserver/candidatures/{candidature.pk}/" in to_validate.body
    signed = [m for m in sent if m.to != [cast.david.email]]
    assert {m.subject for m in signed} == {f"[Trait d'union] Convention signée : {cast.offer.title}"}
    assert "La structure d'accompagnement doit maintenant valider l'immersion." in signed[0].body


def test_whichever_signature_comes_last_completes_it(client, cast, emails, settings):
    candidature = candidature_at(cast, "immersion_proposed")
    client.post(tutor_link(candidature, settings), {"name": "Jean Muller", "agree": "on"})
    sign_on_the_page(client, candidature, cast.amelie, "beneficiary")
    assert candidature.state == State.IMMERSION_PROPOSED
    with emails as sent:
        sign_on_the_page(client, candidature, cast.bruno, "company")
    assert candidature.state == State.CONVENTION_SIGNED
    sign, complete = candidature.log.order_by("-id")[:2][::-1]
    assert (sign.transition, sign.actor, complete.transition, complete.actor) == (
        "sign_convention",
        cast.bruno,
        "complete_signatures",
        None,
    )
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email, cast.david.email])


def test_nobody_completes_it_by_hand(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    immersion.sign_convention(candidature, "beneficiary", "Amélie Martin", cast.amelie)
    immersion.sign_convention(candidature, "company", "Bruno Schmitt", cast.bruno)
    assert_nobody_else_may(client, candidature, "complete_signatures", {}, cast.everyone_but())
    assert not completion(candidature).exists()


def test_the_tutor_s_link_does_not_complete_it_twice(client, cast, emails, settings):
    candidature = candidature_at(cast, "convention_signed")
    with emails as sent:
        again = client.post(tutor_link(candidature, settings), {"name": "Jean Muller", "agree": "on"})
    assert again.status_code == 200 and "Votre signature est enregistrée" in html(again)
    assert (completion(candidature).count(), candidature.current_convention.signatures.count()) == (1, 3)
    assert sent == []


def test_two_signatures_are_not_enough(client, cast, emails, settings):
    candidature = candidature_at(cast, "immersion_proposed")
    immersion.sign_convention(candidature, "company", "Bruno Schmitt", cast.bruno)
    with emails as sent:
        client.post(tutor_link(candidature, settings), {"name": "Jean Muller", "agree": "on"})
    candidature.refresh_from_db()
    assert candidature.state == State.IMMERSION_PROPOSED
    assert candidature.current_convention.missing_signatures() == ["beneficiary"]
    assert (completion(candidature).exists(), sent) == (False, [])
