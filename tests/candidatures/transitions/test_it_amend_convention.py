"""`amend_convention`: the company corrects the convention, with a reason: a new one replaces it, to sign again."""

import datetime

from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.models import ImmersionConvention
from tdu.candidatures.notifications import tutor_signing_url
from tdu.candidatures.services import immersion
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

REASON = "Le tuteur change : Mme Lefèvre remplace M. Muller."


def amended_form(**overrides):
    start = timezone.localdate() + datetime.timedelta(days=8)
    data = {
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=2)).isoformat(),
        "place": "Atelier de soudure, 12 rue des Forges, Metz",
        "objective": "recruit",
        "activities": "Soudage TIG sous contrôle de la tutrice.",
        "risks": "Port des EPI obligatoire.",
        "tutor_name": "Nadia Lefèvre",
        "tutor_role": "Responsable de production",
        "tutor_email": "nadia.lefevre@example.org",
        "tutor_phone": "0387000001",
        "horaires_lundi": "09:00-12:00",
        "horaires_mardi": "09:00-12:00",
        "reason": REASON,
    }
    return {**data, **overrides}


def test_it_replaces_the_convention_and_asks_every_signature_again(client, cast, emails, settings):
    candidature = candidature_at(cast, "immersion_proposed")
    old = candidature.current_convention
    immersion.sign_convention(candidature, "beneficiary", "Amélie Martin", cast.amelie)
    old_link = tutor_signing_url(old).replace(settings.SITE_URL, "")
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "amend_convention", **amended_form())

    assert candidature.state == State.IMMERSION_PROPOSED
    old.refresh_from_db()
    assert old.cancelled_at is not None and old.cancellation_reason == REASON
    new = candidature.current_convention
    assert new.pk != old.pk and new.tutor_name == "Nadia Lefèvre"
    assert new.end_date - new.start_date == datetime.timedelta(days=2)
    assert new.missing_signatures() == ["beneficiary", "company", "tutor"]
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "amend_convention",
        "immersion_proposed",
        "immersion_proposed",
    )
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.bruno, "company", REASON)
    assert addresses(sent) == sorted(
        [cast.amelie.email, cast.bruno.email, cast.david.email, "nadia.lefevre@example.org"]
    )
    to_tutor = next(m for m in sent if m.to == ["nadia.lefevre@example.org"])
    assert "Vous êtes tuteur ou tutrice : convention à signer pour Amélie Martin" in to_tutor.subject
    link = next(line for line in to_tutor.body.splitlines() if "/conventions/signer/" in line)
    assert immersion.convention_for_tutor(link.rstrip("/").rsplit("/", 1)[1]) == new
    to_sign = next(m for m in sent if m.to == [cast.amelie.email])
    assert to_sign.subject == f"[Trait d'union] Convention d'immersion à signer : {cast.offer.title}"
    client.logout()
    replaced = client.get(old_link)
    assert replaced.status_code == 410
    assert "Cette convention a été remplacée : un nouveau lien vous a été envoyé." in html(replaced)


def test_a_signed_convention_goes_back_to_signature(client, cast, emails):
    candidature = candidature_at(cast, "convention_signed")
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "amend_convention", **amended_form())
    assert candidature.state == State.IMMERSION_PROPOSED
    assert last_entry(candidature).from_state == "convention_signed"
    assert candidature.current_convention.signatures.count() == 0
    assert ImmersionConvention.objects.filter(cancelled_at__isnull=False).count() == 1
    assert "nadia.lefevre@example.org" in addresses(sent)


def test_it_is_the_company_s_alone(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    assert_nobody_else_may(
        client, candidature, "amend_convention", amended_form(), cast.everyone_but(cast.bruno)
    )
    assert ImmersionConvention.objects.filter(cancelled_at__isnull=True).count() == 1


def test_it_needs_a_reason_and_valid_dates(client, cast, emails):
    candidature = candidature_at(cast, "immersion_proposed")
    current = candidature.current_convention
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    login(client, cast.bruno)
    with emails as sent:
        no_reason = post_action(client, candidature, "amend_convention", **amended_form(reason=""))
        past = post_action(client, candidature, "amend_convention", **amended_form(start_date=yesterday))
    assert no_reason.status_code == 400 and "Ce champ est obligatoire." in html(no_reason)
    assert past.status_code == 400
    assert "Le premier jour de l&#x27;immersion ne peut pas être passé." in html(past)
    assert candidature.current_convention == current and current.cancelled_at is None
    assert (candidature.log.filter(transition="amend_convention").count(), sent) == (0, [])


def test_a_validated_convention_is_no_longer_amended(client, cast):
    candidature = candidature_at(cast, "immersion_validated")
    login(client, cast.bruno)
    response = post_action(client, candidature, "amend_convention", **amended_form())
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Immersion validée »." in html(response)
    assert ImmersionConvention.objects.filter(cancelled_at__isnull=True).count() == 1
