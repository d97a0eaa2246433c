"""Emails about a person's data (templates in templates/emails/privacy/)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from tdu.utils.notifications import Notification, absolute


class AccountClosedReceipt(Notification):
    """To the address of the account just closed: built from a plain address, the account no longer exists."""

    name = "privacy/account_closed"
    link_label = "Trait d'union"

    def __init__(self, address, first_name, reason):
        self.address, self.first_name, self.reason = address, first_name, reason

    def recipients(self):
        return [self.address]

    def get_context(self):
        return {"first_name": self.first_name, "reason": self.reason}

    def link(self):
        return absolute("/")


class ConsentWithdrawn(Notification):
    """To the advisor who registered a person: she withdrew her consent; nothing names her any more."""

    name = "privacy/consent_withdrawn"
    link_label = "Mon espace"

    def __init__(self, advisor_pk):
        self.advisor = get_user_model().objects.get(pk=advisor_pk)

    def recipients(self):
        return [self.advisor]

    def link(self):
        return absolute("/tableau-de-bord/")


class InactivityNotice(Notification):
    """An account unused for a long time will be closed unless the person logs in."""

    name = "privacy/inactivity_notice"
    link_label = "Me connecter pour garder mon compte"

    def __init__(self, user_pk):
        self.user = get_user_model().objects.get(pk=user_pk)

    def recipients(self):
        return [self.user]

    def get_context(self):
        closing = timezone.localdate() + timezone.timedelta(days=settings.RETENTION_WARNING_DAYS)
        return {"closing_on": closing, "inactive_days": settings.RETENTION_INACTIVE_ACCOUNT_DAYS}

    def link(self):
        return absolute("/compte/connexion/")
