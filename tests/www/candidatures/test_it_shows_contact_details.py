"""Region staff see names and states, and a person's phone and email only to act, which the access log records.

Personas: Amélie (job seeker), Bruno (recruiter), Élise (the region's data protection contact), Hugo (region
staff, not the data protection contact), Ida (another region).
"""

import pytest

from tdu.privacy.models import AccessRecord
from tests.factories import PASSWORD, region_staff
from tests.situations import candidature_at, make_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def path():
    cast = make_cast()
    type(cast.amelie).objects.filter(pk=cast.amelie.pk).update(phone="0612345678")
    return cast, candidature_at(cast, "under_review")


def page_of(client, user, candidature):
    client.logout()
    assert client.login(email=user.email, password=PASSWORD)
    return client.get(f"/candidatures/{candidature.pk}/").content.decode()


def test_the_recruiter_sees_her_contact_details_at_once(client, path):
    cast, candidature = path
    html = page_of(client, cast.bruno, candidature)
    assert cast.amelie.email in html and "0612345678" in html
    assert not AccessRecord.objects.filter(kind="contact").exists()


def test_the_region_sees_them_only_by_asking_and_it_is_logged(client, path):
    cast, candidature = path
    html = page_of(client, cast.elise, candidature)
    assert "Amélie Martin" in html
    assert cast.amelie.email not in html and "0612345678" not in html
    assert "Afficher ses coordonnées pour agir sur ce parcours" in html
    shown = client.post(f"/candidatures/{candidature.pk}/coordonnees/")
    assert shown.status_code == 302 and shown["Location"].endswith("#la-candidature")
    html = client.get(f"/candidatures/{candidature.pk}/").content.decode()
    assert cast.amelie.email in html and "0612345678" in html
    record = AccessRecord.objects.get(kind="contact")
    assert (record.person, record.actor, record.region_id) == (cast.amelie, cast.elise, "44")
    # Amélie reads it in her data; Élise, the data protection contact, in the region's log.
    assert cast.amelie.email in page_of(client, cast.amelie, candidature)
    assert "Coordonnées affichées" in client.get("/compte/mes-donnees/").content.decode()
    client.logout()
    client.login(email=cast.elise.email, password=PASSWORD)
    log = client.get("/espace/region/44/acces-aux-donnees/").content.decode()
    assert "Coordonnées affichées" in log and "Amélie Martin" in log


def test_the_region_lists_show_no_address(client, path):
    cast, _ = path
    client.login(email=cast.elise.email, password=PASSWORD)
    assert cast.amelie.email not in client.get("/espace/region/44/").content.decode()


def test_the_access_log_is_for_the_regions_data_protection_contact_only(client, path):
    cast, _ = path
    region_staff(email="hugo.weber@example.org", first_name="Hugo", last_name="Weber", data_protection=False)
    client.login(email="hugo.weber@example.org", password=PASSWORD)
    refused = client.get("/espace/region/44/acces-aux-donnees/")
    assert refused.status_code == 403 and "Élise Roth" in refused.content.decode()
    client.logout()
    client.login(email=cast.ida.email, password=PASSWORD)
    assert client.get("/espace/region/44/acces-aux-donnees/").status_code == 404


def test_every_opening_of_a_document_is_logged(client):
    cast = make_cast()
    candidature = candidature_at(cast, "commitment_signed")
    convention, commitment = candidature.conventions.get(), candidature.commitments.get()
    from django.core.files.base import ContentFile

    candidature.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    client.login(email=cast.david.email, password=PASSWORD)
    for url in (
        f"/candidatures/{candidature.pk}/cv/",
        f"/candidatures/{candidature.pk}/conventions/{convention.pk}/pdf/",
        f"/candidatures/{candidature.pk}/engagements/{commitment.pk}/pdf/",
    ):
        assert client.get(url).status_code == 200, url
    lines = AccessRecord.objects.filter(person=cast.amelie, actor=cast.david)
    assert sorted(lines.values_list("kind", flat=True)) == ["commitment", "convention", "cv"]
    assert all(cast.david.email in line.actor_label for line in lines)
