"""`propose_immersion`: the company issues an immersion convention (PMSMP) for the three parties to sign."""

import datetime
from decimal import Decimal

from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature, ImmersionConvention
from tdu.candidatures.services import application
from tests.helpers import act, addresses, assert_nobody_else_may, html, last_entry, login, post_action
from tests.situations import candidature_at

START = datetime.timedelta(days=7)


def immersion_form(**overrides):
    start = timezone.localdate() + START
    data = {
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=4)).isoformat(),
        "place": "Atelier de soudure, 12 rue des Forges, Metz",
        "objective": "recruit",
        "activities": "Préparation des pièces, soudage TIG sous contrôle du tuteur.",
        "risks": "Port des EPI obligatoire.",
        "tutor_name": "Jean Muller",
        "tutor_role": "Chef d'atelier",
        "tutor_email": "jean.muller@example.org",
        "tutor_phone": "0387000000",
        "horaires_lundi": "09:00-12:00, 13:30-17:00",
        "horaires_mardi": "09:00-12:00, 13:30-17:00",
        "horaires_mercredi": "09:00-12:00",
    }
    return {**data, **overrides}


def test_it_issues_the_convention_and_invites_the_three_parties(client, cast, emails, settings):
    candidature = candidature_at(cast, "meeting_planned")
    login(client, cast.bruno)
    with emails as sent:
        act(client, candidature, "propose_immersion", **immersion_form())

    assert candidature.state == State.IMMERSION_PROPOSED
    convention = candidature.current_convention
    start = timezone.localdate() + START
    assert (convention.beneficiary_name, convention.company_representative) == (
        "Amélie Martin",
        "Bruno Schmitt",
    )
    assert (convention.start_date, convention.end_date) == (start, start + datetime.timedelta(days=4))
    assert convention.weekly_hours == Decimal("16.0")
    assert convention.schedule["mercredi"] == [["09:00", "12:00"]]
    assert convention.prescriber_name == "France Travail Metz (Agence France Travail)"
    # The addresses the PMSMP form asks for: the person's, the establishment's street, the place.
    assert convention.beneficiary_address == "8 rue Serpenoise, 57000 Metz"
    assert convention.company_address == f"{cast.offer.company.address}, 57000 Metz"
    assert convention.place == "Atelier de soudure, 12 rue des Forges, Metz"
    assert convention.is_intact() and convention.missing_signatures() == ["beneficiary", "company", "tutor"]
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == (
        "propose_immersion",
        "meeting_planned",
        "immersion_proposed",
    )
    assert (entry.actor, entry.actor_role) == (cast.bruno, "company")
    assert addresses(sent) == sorted(
        [cast.amelie.email, cast.bruno.email, cast.david.email, "jean.muller@example.org"]
    )
    period = f"du {start:%d/%m/%Y} au {convention.end_date:%d/%m/%Y}"
    by_address = {m.to[0]: m for m in sent}
    to_sign = by_address[cast.amelie.email]
    assert to_sign.subject == f"[Trait d'union] Convention d'immersion à signer : {cast.offer.title}"
    assert f"propose une immersion {period} pour « {cast.offer.title} »." in to_sign.body
    tutor = by_address["jean.muller@example.org"]
    assert (
        tutor.subject
        == "[Trait d'union] Vous êtes tuteur ou tutrice : convention à signer pour Amélie Martin"
    )
    assert "Bruno Schmitt vous désigne comme tuteur ou tutrice de Amélie Martin" in tutor.body
    link = next(
        line for line in tutor.body.splitlines() if line.startswith("Lire et signer la convention : ")
    )
    page = client.get(link.split(" : ", 1)[1].replace(settings.SITE_URL, ""))
    assert page.status_code == 200 and "Jean Muller" in html(page)
    adviser = by_address[cast.david.email]
    assert adviser.subject == "[Trait d'union] Immersion proposée pour Amélie Martin"
    assert f"Une convention d'immersion {period} est en cours de signature." in adviser.body


def test_without_an_adviser_the_company_suggests_a_structure_and_she_confirms_it(client, cast):
    candidature = application.apply(cast.offer, cast.zoe, cast.zoe, "Bonjour")
    application.open_candidature(candidature, cast.bruno)
    nancy = cast.paul.prescriber_memberships.get().organisation
    login(client, cast.bruno)
    response = post_action(client, candidature, "propose_immersion", **immersion_form())
    assert response.status_code == 400 and "Ce champ est obligatoire." in html(response)
    assert "Suggérer la structure d&#x27;accompagnement" in html(response)
    act(client, candidature, "propose_immersion", **immersion_form(prescriber_organisation=nancy.pk))
    assert candidature.state == State.IMMERSION_PROPOSED
    saved = Candidature.objects.get(pk=candidature.pk)
    assert (saved.prescriber_organisation, saved.prescriber_suggested) == (nancy, True)
    assert candidature.current_convention.prescriber_name == "Mission locale de Nancy (Mission locale)"


def test_the_structure_of_her_profile_validates_whatever_the_company_suggests(client, cast):
    candidature = application.apply(cast.offer, cast.zoe, cast.zoe, "Bonjour")
    application.open_candidature(candidature, cast.bruno)
    france_travail = cast.david.prescriber_memberships.get().organisation
    profile = cast.zoe.job_seeker_profile
    profile.prescriber_organisation = france_travail  # she chose it in her profile after applying
    profile.save()
    nancy = cast.paul.prescriber_memberships.get().organisation
    login(client, cast.bruno)
    page = client.get(f"/candidatures/{candidature.pk}/")
    assert 'name="prescriber_organisation"' not in html(page)  # nothing to choose: she has her own
    act(client, candidature, "propose_immersion", **immersion_form(prescriber_organisation=nancy.pk))
    saved = Candidature.objects.get(pk=candidature.pk)
    assert (saved.prescriber_organisation, saved.prescriber_suggested) == (france_travail, False)


def test_the_establishment_s_street_address_is_required(client, cast):
    candidature = candidature_at(cast, "meeting_planned")
    type(cast.offer.company).objects.filter(pk=cast.offer.company.pk).update(address="")
    login(client, cast.bruno)
    response = post_action(client, candidature, "propose_immersion", **immersion_form())
    assert response.status_code == 400
    assert "Indiquez l&#x27;adresse de l&#x27;établissement (numéro et rue)." in html(response)
    assert not candidature.conventions.exists()
    act(client, candidature, "propose_immersion", **immersion_form(company_address="4 allée des Tilleuls"))
    assert candidature.current_convention.company_address == "4 allée des Tilleuls, 57000 Metz"


def test_the_structure_the_company_names_validates_but_never_reads_the_cv(client, cast):
    from django.core.files.base import ContentFile

    candidature = application.apply(cast.offer, cast.zoe, cast.zoe, "Bonjour")
    candidature.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    application.open_candidature(candidature, cast.bruno)
    nancy = cast.paul.prescriber_memberships.get().organisation
    login(client, cast.bruno)
    act(client, candidature, "propose_immersion", **immersion_form(prescriber_organisation=nancy.pk))
    login(client, cast.paul)
    page = client.get(f"/candidatures/{candidature.pk}/")
    assert page.status_code == 200 and "Lire le CV" not in html(page)  # Zoé did not choose Nancy
    assert client.get(f"/candidatures/{candidature.pk}/cv/").status_code == 404
    login(client, cast.bruno)
    assert client.get(f"/candidatures/{candidature.pk}/cv/").status_code == 200


def test_it_is_the_company_s_alone(client, cast):
    candidature = candidature_at(cast, "under_review")
    assert_nobody_else_may(
        client, candidature, "propose_immersion", immersion_form(), cast.everyone_but(cast.bruno)
    )
    assert not ImmersionConvention.objects.exists()


def test_it_refuses_an_immersion_outside_the_rules(client, cast, emails):
    candidature = candidature_at(cast, "under_review")
    today = timezone.localdate()
    long_day = "08:00-12:00, 13:00-18:00"
    cases = {
        "Le premier jour de l&#x27;immersion ne peut pas être passé.": {
            "start_date": (today - datetime.timedelta(days=1)).isoformat()
        },
        "Une immersion dure au plus un mois.": {
            "end_date": (today + START + datetime.timedelta(days=31)).isoformat()
        },
        "L&#x27;immersion se termine avant de commencer.": {"end_date": today.isoformat()},
        "Les horaires font 45.0 h par semaine : 35 h au plus.": {
            f"horaires_{day}": long_day for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
        },
        "Écrivez les plages ainsi : 09:00-12:00, 13:30-17:00.": {"horaires_lundi": "le matin"},
        # Found by testing: 25:00 reached the legal document.
        "« 25:00 » n&#x27;est pas une heure": {"horaires_lundi": "09:00-25:00"},
        "La plage 12:00-09:00 se termine avant de commencer.": {"horaires_mardi": "12:00-09:00"},
        "La plage 11:00-14:00 chevauche la précédente": {"horaires_jeudi": "09:00-12:00, 11:00-14:00"},
    }
    login(client, cast.bruno)
    with emails as sent:
        for message, change in cases.items():
            response = post_action(client, candidature, "propose_immersion", **immersion_form(**change))
            assert response.status_code == 400, message
            assert message in html(response)
    assert (candidature.log.count(), ImmersionConvention.objects.count(), sent) == (2, 0, [])


def test_an_immersion_is_not_proposed_twice(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    login(client, cast.bruno)
    response = post_action(client, candidature, "propose_immersion", **immersion_form())
    assert response.status_code == 409
    assert "Action impossible : la candidature est « Immersion proposée »." in html(response)
    assert ImmersionConvention.objects.count() == 1
