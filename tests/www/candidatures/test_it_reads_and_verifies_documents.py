"""Documents are read on the page before signing; their fingerprint lives in the PDF and on « vérifier ce
document », never on the job seeker's screens."""

from django.test import Client

from tdu.candidatures.models import ImmersionConvention
from tests.helpers import html, login, pdf_text
from tests.situations import candidature_at


def test_amelie_reads_the_convention_on_the_page_before_she_signs(client, cast):
    candidature = candidature_at(cast, "immersion_proposed")
    convention = candidature.current_convention
    login(client, cast.amelie)
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    text = page[page.index("Lisez la convention avant de signer") :]
    assert text.index("Activités confiées") < text.index("J&#x27;ai lu la convention et je l&#x27;accepte.")
    assert convention.activities.replace("'", "&#x27;") in text
    assert "8 rue Serpenoise, 57000 Metz" in text  # her address, as on the cerfa
    assert "Engagements des parties" in text
    assert '<details class="tdu-document fr-mb-3w" open>' in page  # open: she has it to sign
    assert convention.content_hash not in page and "Empreinte" not in page


def test_once_signed_the_convention_stays_readable_but_folded(client, cast):
    candidature = candidature_at(cast, "convention_signed")
    login(client, cast.amelie)
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    assert "Lire la convention" in page and '<details class="tdu-document fr-mb-3w">' in page


def test_the_commitment_is_read_on_the_page_and_names_the_job_not_its_code(client, cast):
    candidature = candidature_at(cast, "commitment_proposed")
    commitment = candidature.current_commitment
    login(client, cast.amelie)
    page = html(client.get(f"/candidatures/{candidature.pk}/"))
    text = page[page.index("Lisez l'engagement réciproque avant de signer") :]
    assert "Promesse d&#x27;embauche" in text and "Engagement de la personne" in text
    assert text.index("Conditions de la promesse") < text.index("J&#x27;ai lu l&#x27;engagement réciproque")
    assert f"(code ROME {commitment.rome_code})" in text and commitment.content_hash not in page
    summary = page[page.index("<h2>Engagement réciproque</h2>") :]
    assert " heures par semaine" in summary and ",00 € brut par mois" in summary  # as in the document
    assert "sous réserve de l'obtention de la certification" in summary  # template text, not escaped


def test_the_pdf_carries_the_fingerprint_and_where_to_verify_it(client, cast, settings):
    candidature = candidature_at(cast, "convention_signed")
    convention = candidature.current_convention
    login(client, cast.bruno)
    text = " ".join(
        pdf_text(client.get(f"/candidatures/{candidature.pk}/conventions/{convention.pk}/pdf/")).split()
    )
    assert convention.content_hash in text.replace(" ", "")
    assert f"{settings.SITE_URL}/documents/verifier/" in text


def verify(fingerprint):
    return Client().post("/documents/verifier/", {"fingerprint": fingerprint})


def test_anyone_holding_the_document_verifies_it(cast):
    candidature = candidature_at(cast, "convention_signed")
    convention = candidature.current_convention
    assert Client().get("/documents/verifier/").status_code == 200
    # Pasted with capitals and line breaks, as it comes out of a PDF.
    pasted = convention.content_hash[:32].upper() + "\n" + convention.content_hash[32:]
    answer = verify(pasted)
    text = html(answer)
    assert answer.status_code == 200 and "Ce document est authentique" in text
    assert f"Convention d&#x27;immersion n° {convention.pk}" in text
    assert text.count("signé le") == 3 and "Amélie" not in text  # the parties, not their names


def test_a_cancelled_or_altered_document_is_said_so(cast):
    candidature = candidature_at(cast, "convention_signed")
    convention = candidature.current_convention
    ImmersionConvention.objects.filter(pk=convention.pk).update(place="Ailleurs")
    assert "ne correspond plus à son contenu enregistré" in html(verify(convention.content_hash))
    convention.refresh_from_db()
    convention.cancel("Dates changées")
    text = html(verify(convention.content_hash))
    assert "Ce document a été annulé" in text and "Dates changées" in text


def test_an_unknown_or_malformed_fingerprint_is_answered_in_french(db):
    unknown = verify("0" * 64)
    assert unknown.status_code == 404 and "Aucun document ne porte cette empreinte" in html(unknown)
    for bad in ("abc", "z" * 64, "0" * 65, ""):
        answer = verify(bad)
        assert answer.status_code == 400, bad
        assert "Une empreinte s&#x27;écrit avec 64 caractères" in html(answer) or "obligatoire" in html(
            answer
        )
