"""The search's in-process caches follow the database: a change written by another instance (another process,
whose signals never run here) is seen by this process's very next search."""

import pytest
from django.db import connection

from tdu.matching import search
from tdu.matching.models import LinksVersion, SessionLink
from tdu.references.models import RomeCode
from tdu.trainings.models import TrainingSession
from tests.factories import FundedSessionFactory, OfferFactory

pytestmark = pytest.mark.django_db

SEARCH = {"commune": "Metz", "rayon": "30"}


def listed(client, offer):
    response = client.get("/recherche/", SEARCH)
    assert response.status_code == 200
    return f'href="/offres/{offer.pk}/"' in response.content.decode()


def another_instance(*statements):
    """Raw SQL, as another process commits it: no model signal, no cache of this process cleared."""
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def test_a_session_closed_by_another_instance_leaves_the_next_search_at_once(client):
    offer = OfferFactory()
    session = FundedSessionFactory()
    assert listed(client, offer)
    cached = search._open_codes_cache
    assert cached["entries"] and cached["version"] == LinksVersion.objects.get().version

    # Another instance closes the session: its service rewrites the links and bumps the version, in one
    # transaction (tdu.matching.links.refresh_sessions).
    another_instance(
        (
            f"UPDATE {TrainingSession._meta.db_table} SET recruitment_open = %s WHERE id = %s",
            [False, session.pk],
        ),
        (f"DELETE FROM {SessionLink._meta.db_table} WHERE session_id = %s", [session.pk]),
        (f"UPDATE {LinksVersion._meta.db_table} SET version = version + 1", []),
    )
    assert not listed(client, offer)
    assert cached["version"] == LinksVersion.objects.get().version

    # It reopens it: the links come back, the version moves again, the offer is back in this process's search.
    from tdu.matching import links

    TrainingSession.objects.filter(pk=session.pk).update(recruitment_open=True)  # no signal
    links.refresh_sessions([session.pk])  # the rows and the version bump, written in the database only
    assert listed(client, offer)


def test_without_the_version_the_cache_would_have_kept_the_closed_session(client):
    """The control: the cache is real, and the version is what keeps it right."""
    offer = OfferFactory()
    session = FundedSessionFactory()
    assert listed(client, offer)
    another_instance((f"DELETE FROM {SessionLink._meta.db_table} WHERE session_id = %s", [session.pk]))
    # The jobs open around Metz are remembered: the offer is still counted, though its session has gone.
    results = client.get("/recherche/", SEARCH).content.decode()
    assert "Aucune offre" not in results
    another_instance((f"UPDATE {LinksVersion._meta.db_table} SET version = version + 1", []))
    assert not listed(client, offer)


def test_a_rome_parent_imported_by_another_instance_reaches_the_next_search(client):
    offer = OfferFactory()
    FundedSessionFactory()
    assert listed(client, offer)
    signature = search.romes._signature
    another_instance(
        (
            f"UPDATE {RomeCode._meta.db_table} SET parent_code = %s WHERE code = %s AND parent_code = ''",
            ["Z9999", offer.rome_id],
        )
    )
    listed(client, offer)
    assert search.romes._signature != signature  # the ROME cache was rebuilt from the table
    assert search.romes.match_code(offer.rome_id) == "Z9999"


def test_a_commune_written_by_another_process_rebuilds_the_commune_grid_when_asked_for(client):
    from tdu.matching.communes import commune_index
    from tdu.matching.params import place_of
    from tdu.references.models import Commune

    offer = OfferFactory()
    FundedSessionFactory()
    assert listed(client, offer)
    before = commune_index()
    metz = Commune.objects.get(pk=offer.commune_id)
    Commune.objects.bulk_create([Commune(**{**_fields(metz), "code": "57999", "name": "Metz-Nouvelle"})])
    new = Commune.objects.get(code="57999")
    assert new.pk not in before.by_id  # the grid this process built does not know it
    place = place_of(new)
    assert commune_index() is not before and place == commune_index().by_id[new.pk]


def _fields(commune):
    return {
        field.attname: getattr(commune, field.attname)
        for field in commune._meta.concrete_fields
        if not field.primary_key
    }
