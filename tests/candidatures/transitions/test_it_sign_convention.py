"""`sign_convention`: the person and the company sign on the page, the tutor through her emailed link; the
third signature completes the convention (`complete_signatures`)."""

import datetime

from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.services import immersion
from tests.helpers import act, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at


def sign(client, candidature, person, signatory):
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


def test_it_records_each_party_s_signature_on_the_content_she_read(client, cast, emails):
    candidature = candidature_at(cast, "immersion_proposed")
    convention = candidature.current_convention
    with emails as sent:
        sign(client, candidature, cast.amelie, "beneficiary")
        sign(client, candidature, cast.bruno, "company")

    assert candidature.state == State.IMMERSION_PROPOSED  # the tutor has not signed yet
    signatures = {s.signatory: s for s in convention.signatures.all()}
    assert set(signatures) == {"beneficiary", "company"}
    assert all(
        s.content_hash == convention.compute_hash() == convention.content_hash for s in signatures.values()
    )
    entry = last_entry(candidature)
    assert (entry.transition, entry.actor, entry.actor_role, entry.actor_name) == (
        "sign_convention",
        cast.bruno,
        "company",
        "Bruno Schmitt",
    )
    assert sent == []  # a partial signature sends nothing


def test_the_last_signature_completes_the_convention(client, cast, emails, settings):
    candidature = candidature_at(cast, "immersion_proposed")
    sign(client, candidature, cast.amelie, "beneficiary")
    sign(client, candidature, cast.bruno, "company")
    from tdu.candidatures.notifications import tutor_signing_url

    path = tutor_signing_url(candidature.current_convention).replace(settings.SITE_URL, "")
    client.logout()
    with emails as sent:
        response = client.post(path, {"name": "Jean Muller", "agree": "on"})
    assert "Votre signature est enregistrée" in response.content.decode()

    candidature.refresh_from_db()
    assert candidature.state == State.CONVENTION_SIGNED
    tutor, completion = candidature.log.order_by("-id")[:2][::-1]
    assert (tutor.transition, tutor.actor, tutor.actor_role, tutor.actor_name) == (
        "sign_convention",
        None,
        "tutor",
        "Jean Muller",
    )
    assert (completion.transition, completion.actor_role, completion.to_state) == (
        "complete_signatures",
        "system",
        "convention_signed",
    )
    to_validate = [m for m in sent if m.to == [cast.david.email]]
    assert to_validate[0].subject == "[Trait d'union] Convention à valider : Amélie Martin"
    signed = sorted(m.to[0] for m in sent if "Convention signée" in m.subject)
    assert signed == sorted([cast.amelie.email, cast.bruno.email])


def test_nobody_signs_for_another_party(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    data = {
        "signatory": "company",
        "name": "Quelqu'un",
        "convention": candidature.current_convention.pk,
        "agree": "on",
    }
    assert_nobody_else_may(client, candidature, "sign_convention", data, cast.everyone_but(cast.bruno))


def test_a_replaced_convention_cannot_be_signed(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    old = candidature.current_convention.pk
    from tdu.candidatures.services import immersion
    from tests.situations import IMMERSION

    data = {**IMMERSION, "start_date": candidature.current_convention.start_date}
    data["end_date"] = data["start_date"]
    immersion.amend_convention(candidature, cast.bruno, data, "Un seul jour.")
    login(client, cast.amelie)
    response = post_action(
        client,
        candidature,
        "sign_convention",
        signatory="beneficiary",
        name="Amélie Martin",
        convention=old,
        agree="on",
    )
    assert response.status_code == 409
    assert "Cette convention a été remplacée" in response.content.decode()


def test_each_signatory_is_told_who_signs_next(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    sign(client, candidature, cast.amelie, "beneficiary")
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    assert (
        "Votre signature est enregistrée. Il manque encore : représentant·e de l&#x27;entreprise, tuteur"
        in page
    )
    immersion.sign_convention(candidature, "tutor", "Jean Muller", None)
    sign(client, candidature, cast.bruno, "company")
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    assert (
        "la convention est signée par tous. La structure d&#x27;accompagnement doit maintenant la valider"
        in page
    )


def test_she_confirms_the_structure_the_company_suggested_as_she_signs(client, cast):
    from tdu.candidatures.services import application

    candidature = application.apply(cast.offer, cast.zoe, cast.zoe, "Bonjour")
    application.open_candidature(candidature, cast.bruno)
    nancy = cast.paul.prescriber_memberships.get().organisation
    data = {
        "start_date": timezone.localdate() + datetime.timedelta(days=7),
        "end_date": timezone.localdate() + datetime.timedelta(days=9),
        "place": "Atelier",
        "objective": "recruit",
        "activities": "Soudage.",
        "risks": "EPI.",
        "tutor_name": "Jean Muller",
        "tutor_role": "Chef d'atelier",
        "tutor_email": "jean.muller@example.org",
        "tutor_phone": "0387000000",
        "schedule": {"lundi": [["09:00", "12:00"]]},
        "prescriber_organisation": nancy,
    }
    immersion.propose_immersion(candidature, cast.bruno, data)
    login(client, cast.zoe)
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    assert "Mission locale de Nancy m&#x27;accompagne : je la choisis pour valider ma convention." in page
    form = {
        "signatory": "beneficiary",
        "name": "Zoé Bernard",
        "convention": candidature.current_convention.pk,
        "agree": "on",
    }
    refused = post_action(client, candidature, "sign_convention", **form)
    assert refused.status_code == 400 and not candidature.current_convention.signatures.exists()
    act(client, candidature, "sign_convention", **form, confirm_prescriber="on")
    candidature.refresh_from_db()
    assert candidature.prescriber_suggested is False
    assert cast.zoe.job_seeker_profile.__class__.objects.get(user=cast.zoe).prescriber_organisation == nancy
    assert candidature.current_convention.signed_by() == {"beneficiary"}
