"""Account emails, each a named notification (templates in templates/emails/accounts/)."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tdu.utils import signed_links
from tdu.utils.notifications import Notification, absolute


def email_verification_url(user):
    token = signed_links.EMAIL_VERIFICATION.make(user=user.pk, email=signed_links.fingerprint(user.email))
    return absolute(reverse("accounts:verify_email", args=[token]))


def password_setup_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("accounts:password_reset_confirm", args=[uid, token]))


class AccountNotification(Notification):
    def __init__(self, user, **context):
        self.user, self.context = user, context

    def recipients(self):
        return [self.user]

    def get_context(self):
        return {"user": self.user, **self.context}


class EmailVerification(AccountNotification):
    name = "accounts/email_verification"
    link_label = "Confirmer mon adresse"

    def get_context(self):
        return {**super().get_context(), "days": signed_links.EMAIL_VERIFICATION.days}

    def link(self):
        return email_verification_url(self.user)


class AccountCreatedByPrescriber(AccountNotification):
    """A prescriber created the account with her consent: she chooses her password (which proves her address)."""

    name = "accounts/account_created_by_prescriber"
    link_label = "Choisir mon mot de passe"

    def link(self):
        return password_setup_url(self.user)


class ChoosePassword(AccountNotification):
    """Sent again to a person registered by a prescriber who never chose her password."""

    name = "accounts/choose_password"
    link_label = "Choisir mon mot de passe"

    def link(self):
        return password_setup_url(self.user)


class PasswordReset(Notification):
    """Django's password reset form hands its link over (tdu.www.accounts.forms)."""

    name = "accounts/password_reset"
    link_label = "Choisir un nouveau mot de passe"

    def __init__(self, user, url):
        self.user, self.url = user, url

    def recipients(self):
        return [self.user]

    def link(self):
        return self.url
