"""Every emailed signed link of the service, with its salt and lifetime, in one place.

A token carries ids only, never personal data in clear; `read` raises a DomainError with the French message
to show, whether the token was altered or is too old.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from tdu.utils.errors import DomainError

DAY = 24 * 3600


class LinkExpired(DomainError):
    pass


@dataclass(frozen=True)
class SignedLink:
    salt: str
    max_age_seconds: int
    invalid_message: str = "Ce lien n'est pas valide ou a expiré."
    expired_message: str = "Ce lien n'est pas valide ou a expiré."

    @property
    def days(self) -> int:
        return self.max_age_seconds // DAY

    def make(self, **payload) -> str:
        return signing.dumps(payload, salt=self.salt)

    def read(self, token: str) -> dict:
        try:
            data = signing.loads(token, salt=self.salt, max_age=self.max_age_seconds)
        except signing.SignatureExpired:
            raise LinkExpired(self.expired_message) from None
        except signing.BadSignature:
            raise DomainError(self.invalid_message) from None
        if not isinstance(data, dict):
            raise DomainError(self.invalid_message)
        return data


def fingerprint(value: str) -> str:
    """What a link carries instead of an address: a link's payload is signed, not encrypted (anyone reads it)."""
    return hmac.new(settings.SECRET_KEY.encode(), (value or "").lower().encode(), hashlib.sha256).hexdigest()[
        :24
    ]


def same(value: str, carried) -> bool:
    return isinstance(carried, str) and hmac.compare_digest(fingerprint(value), carried)


EMAIL_VERIFICATION = SignedLink(
    "tdu.accounts.verify-email",
    7 * DAY,
    invalid_message="Ce lien n'est pas valide.",
    expired_message="Ce lien a expiré : demandez-en un nouveau en vous connectant.",
)
# The immersion tutor signs the convention without an account.
TUTOR_SIGNATURE = SignedLink("tdu.convention.tutor", 30 * DAY)
# The recruiter of an imported offer answers a candidature and claims the company's space, without an account.
RECRUITER = SignedLink("tdu.candidature.recruiter", 30 * DAY)
# The person hired and her employer answer the 6- and 12-month follow-up without logging in.
FOLLOW_UP = SignedLink("tdu.follow-up", 60 * DAY)
# The alert of a saved search stops from its email, without logging in (opt-out): a link that lasts.
SAVED_SEARCH_UNSUBSCRIBE = SignedLink(
    "tdu.alerts.unsubscribe",
    365 * DAY,
    expired_message="Ce lien a expiré\u00a0: connectez-vous pour gérer vos recherches enregistrées.",
)
