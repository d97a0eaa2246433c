"""API tokens: created by an organisation's administrator, shown once, stored as a SHA-256, revocable.

A token reads as `tdu_<prefix>_<secret>`; the prefix finds the row, the hash of the whole proves it.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from tdu.partners.models import ORGANISATION_FIELDS, ApiToken
from tdu.partners.scopes import BY_KIND
from tdu.utils.errors import DomainError, NotAllowed

LAST_USE_PRECISION = datetime.timedelta(minutes=1)  # at most one write a minute per token


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(kind, organisation, creator, *, name, scopes, expires_at=None):
    """(token, the raw key to show once). The creator must administer the organisation (checked by the view's
    queryset) — here the scopes are checked against the organisation's kind."""
    name = (name or "").strip()
    if not name:
        raise DomainError("Donnez un nom au jeton (par exemple le logiciel qui l'utilise).")
    unknown = set(scopes) - set(BY_KIND[kind])
    if not scopes or unknown:
        raise DomainError("Choisissez au moins un droit parmi ceux proposés.")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError("La date d'expiration est déjà passée.")
    prefix = secrets.token_hex(4)
    raw = f"tdu_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        **{ORGANISATION_FIELDS[kind]: organisation},
        created_by=creator,
        name=name[:100],
        prefix=prefix,
        key_hash=digest(raw),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    return token, raw


def revoke(token):
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    if not updated:
        raise DomainError("Ce jeton est déjà révoqué.")


def authenticate(raw: str):
    """The active token this key names, or None (unknown, altered, revoked or expired)."""
    parts = (raw or "").split("_", 2)
    if len(parts) != 3 or parts[0] != "tdu":
        return None
    token = ApiToken.objects.select_related("created_by").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.key_hash, digest(raw)):
        return None
    now = timezone.now()
    if not token.is_active(now) or not token.created_by.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def require(token, scope):
    if scope not in token.scopes:
        raise NotAllowed(f"Ce jeton n'a pas le droit « {scope} ».")
