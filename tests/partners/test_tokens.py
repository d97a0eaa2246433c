"""Tokens: created by an administrator in her space, shown once, stored hashed, revocable; the API's 401 and 403."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from tdu.organisations.models import CompanyMembership
from tdu.partners.models import ApiToken
from tdu.partners.scopes import Kind
from tdu.partners.tokens import digest
from tests.helpers import login
from tests.partners.conftest import bearer

pytestmark = pytest.mark.django_db


def test_bruno_creates_a_token_sees_it_once_and_revokes_it(client, cast):
    siret = cast.offer.company.siret
    login(client, cast.bruno)
    page = client.post(
        f"/espace/api/company/{siret}/jetons/",
        {"name": "Logiciel RH", "scopes": ["offres:lecture", "offres:ecriture"]},
    )
    assert page.status_code == 200
    raw = re.search(r"tdu_[0-9a-f]{8}_[A-Za-z0-9_-]+", page.content.decode()).group(0)
    token = ApiToken.objects.get()
    assert token.key_hash == digest(raw) and raw not in str(ApiToken.objects.values().get())
    assert token.scopes == ["offres:ecriture", "offres:lecture"] and token.company_id == cast.offer.company_id
    listing = unescape(client.get(f"/espace/api/company/{siret}/").content.decode())
    assert raw not in listing and f"{token.prefix}…" in listing and "jamais" in listing
    assert client.get("/api/v1/entreprise/offres", **bearer(raw)).status_code == 200
    assert "dernière utilisation" not in listing.lower() or ApiToken.objects.get().last_used_at is not None
    client.post(f"/espace/api/company/{siret}/jetons/{token.pk}/revoquer/")
    response = client.get("/api/v1/entreprise/offres", **bearer(raw))
    assert response.status_code == 401 and response.json()["erreur"].startswith("Jeton d'API absent")


def test_only_administrators_manage_tokens(client, cast):
    CompanyMembership.objects.filter(user=cast.bruno).update(is_admin=False)
    login(client, cast.bruno)
    assert client.get(f"/espace/api/company/{cast.offer.company.siret}/").status_code == 404
    login(client, cast.olivier)  # another company's administrator
    assert client.get(f"/espace/api/company/{cast.offer.company.siret}/").status_code == 404
    assert (
        client.post(f"/espace/api/company/{cast.offer.company.siret}/jetons/", {"name": "x"}).status_code
        == 404
    )


def test_a_token_needs_a_name_and_known_scopes(client, cast):
    login(client, cast.bruno)
    url = f"/espace/api/company/{cast.offer.company.siret}/jetons/"
    assert client.post(url, {"name": "", "scopes": ["offres:lecture"]}).status_code == 400
    response = client.post(url, {"name": "X", "scopes": ["sessions:ecriture"]})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_missing_unknown_expired_or_orphan_tokens_are_401_and_missing_scope_403(client, cast, token_for):
    response = client.get("/api/v1/candidatures")
    assert response.status_code == 401 and "Authorization: Bearer" in response.json()["erreur"]
    assert client.get("/api/v1/candidatures", **bearer("tdu_00000000_faux")).status_code == 401
    _, raw = token_for(Kind.COMPANY, scopes=["offres:lecture"])
    forbidden = client.get("/api/v1/candidatures", **bearer(raw))
    assert forbidden.status_code == 403 and "candidatures:lecture" in forbidden.json()["erreur"]
    token, raw = token_for(Kind.COMPANY, scopes=["candidatures:lecture"])
    assert client.get("/api/v1/candidatures", **bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get("/api/v1/candidatures", **bearer(raw)).status_code == 401
    _, raw = token_for(Kind.COMPANY, scopes=["candidatures:lecture"])
    CompanyMembership.objects.filter(user=cast.bruno).delete()  # Bruno left the company: his tokens stop
    assert client.get("/api/v1/candidatures", **bearer(raw)).status_code == 401
