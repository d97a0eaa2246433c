"""`apply`: the person, or her adviser for her, applies to a published offer; the company and she are told."""

import io

from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature
from tdu.candidatures.services import application
from tests.helpers import addresses, cv_pdf, html, last_entry, login
from tests.situations import candidature_at

PDF = cv_pdf()
MESSAGE = "Bonjour, je soude depuis trois ans et j'habite à Metz."


def apply_url(cast):
    return f"/offres/{cast.offer.pk}/postuler/"


def a_file(content, name="cv.pdf"):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def test_it_sends_the_candidature_with_its_cv(client, cast, emails):
    login(client, cast.amelie)
    assert client.get(apply_url(cast)).status_code == 200
    with emails as sent:
        response = client.post(apply_url(cast), {"message": f"  {MESSAGE}  ", "cv": a_file(PDF)})

    candidature = Candidature.objects.get(job_seeker=cast.amelie)
    assert response.status_code == 302 and response.url == f"/candidatures/{candidature.pk}/"
    assert candidature.state == State.SENT
    assert (candidature.offer, candidature.company) == (cast.offer, cast.offer.company)
    assert (candidature.applied_by, candidature.message) == (cast.amelie, MESSAGE)
    assert candidature.prescriber_organisation == cast.amelie.job_seeker_profile.prescriber_organisation
    with candidature.cv.open("rb") as cv:
        assert cv.read() == PDF
    entry = last_entry(candidature)
    assert (entry.transition, entry.from_state, entry.to_state) == ("apply", "", "sent")
    assert (entry.actor, entry.actor_role, entry.reason) == (cast.amelie, "job_seeker", "")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email])
    to_company = next(m for m in sent if m.to == [cast.bruno.email])
    assert to_company.subject == f"[Trait d'union] Nouvelle candidature : {cast.offer.title}"
    assert f"Amélie Martin a postulé à votre offre « {cast.offer.title} »." in to_company.body
    receipt = next(m for m in sent if m.to == [cast.amelie.email])
    assert receipt.subject == f"[Trait d'union] Votre candidature est envoyée : {cast.offer.title}"
    assert f"({cast.offer.company.name}) est bien envoyée." in receipt.body


def test_her_adviser_applies_for_her(client, cast, emails):
    login(client, cast.david)
    assert "Amélie Martin (amelie.martin@example.org)" in html(client.get(apply_url(cast)))
    with emails as sent:
        response = client.post(apply_url(cast), {"job_seeker": cast.amelie.pk, "message": MESSAGE})

    assert response.status_code == 302
    candidature = Candidature.objects.get(job_seeker=cast.amelie)
    assert (candidature.state, candidature.applied_by, candidature.cv.name) == (State.SENT, cast.david, "")
    entry = last_entry(candidature)
    assert (entry.actor, entry.actor_role) == (cast.david, "prescriber")
    assert addresses(sent) == sorted([cast.amelie.email, cast.bruno.email])  # the receipt goes to her


def test_nobody_else_applies_for_her(client, cast):
    data = {"job_seeker": cast.amelie.pk, "message": MESSAGE}
    for person in cast.everyone_but(cast.amelie, cast.david, cast.zoe):
        login(client, person)
        response = client.post(apply_url(cast), data)
        assert response.status_code == 403, person.email
        assert "il faut un compte de demandeur ou demandeuse d'emploi" in html(response)
    nancy = cast.paul.prescriber_memberships.get().organisation
    type(cast.zoe.job_seeker_profile).objects.filter(user=cast.zoe).update(prescriber_organisation=nancy)
    login(client, cast.paul)  # an adviser who follows Zoé, not Amélie
    response = client.post(apply_url(cast), data)
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in html(response)
    login(client, cast.zoe)  # another job seeker applies for herself only
    assert client.post(apply_url(cast), data).status_code == 302
    assert last_entry(Candidature.objects.get()).actor_role == "job_seeker"
    client.logout()
    response = client.post(apply_url(cast), data)
    assert response.status_code == 302 and "/compte/connexion/" in response.url
    assert list(Candidature.objects.values_list("job_seeker", flat=True)) == [cast.zoe.pk]


def test_it_refuses_an_empty_message_and_a_cv_that_is_not_a_pdf(client, cast, emails):
    login(client, cast.amelie)
    with emails as sent:
        empty = client.post(apply_url(cast), {"message": "   "})
        not_pdf = client.post(apply_url(cast), {"message": MESSAGE, "cv": a_file(b"GIF89a...", "cv.pdf")})
    assert empty.status_code == 400 and "Ce champ est obligatoire." in html(empty)
    assert not_pdf.status_code == 400 and "Le CV doit être un fichier PDF." in html(not_pdf)
    assert not Candidature.objects.exists()
    assert sent == []


def test_a_pdf_with_active_content_or_a_web_page_inside_is_refused(client, cast, emails):
    # Found by testing: a PDF that runs JavaScript when opened, and an HTML polyglot, were accepted as CVs.
    login(client, cast.amelie)
    scripted = cv_pdf(javascript="app.alert('Bonjour');")
    polyglot = b"%PDF-1.4\n<html><body><script>fetch('/compte/')</script></body></html>\n" + PDF
    with emails as sent:
        answers = [
            client.post(apply_url(cast), {"message": MESSAGE, "cv": a_file(content)})
            for content in (scripted, polyglot)
        ]
    assert [a.status_code for a in answers] == [400, 400]
    assert "Ce PDF contient du code ou des pièces jointes" in html(answers[0])
    assert "Ce PDF contient aussi une page web" in html(answers[1])
    assert not Candidature.objects.exists() and sent == []


def test_one_candidature_at_a_time_per_offer(client, cast, emails):
    candidature = candidature_at(cast, "under_review")
    login(client, cast.amelie)
    with emails as sent:
        response = client.post(apply_url(cast), {"message": MESSAGE})
    assert response.status_code == 400
    assert "Une candidature est déjà en cours pour cette offre." in html(response)
    assert sent == []
    application.withdraw(candidature, cast.amelie, "Je me suis trompée d'offre.")
    assert client.post(apply_url(cast), {"message": MESSAGE}).status_code == 302  # after an exit: again
    assert Candidature.objects.filter(job_seeker=cast.amelie).count() == 2


def test_a_draft_offer_takes_no_candidature(client, cast):
    type(cast.offer).objects.filter(pk=cast.offer.pk).update(status="draft", published_at=None)
    login(client, cast.amelie)
    assert client.post(apply_url(cast), {"message": MESSAGE}).status_code == 404
    assert not Candidature.objects.exists()
