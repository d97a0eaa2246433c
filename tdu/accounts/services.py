"""Account actions shared by the web pages, the prescriber space and the demo data."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tdu.accounts.models import JobSeekerProfile, User

EMAIL_VERIFICATION_SALT = "tdu.accounts.verify-email"
EMAIL_VERIFICATION_MAX_AGE = 7 * 24 * 3600
CONSENT_TEXT = (
    "J'accepte que {organisation} crée mon compte sur Trait d'union, y enregistre les informations de mon profil "
    "et postule en mon nom aux offres dont nous avons parlé. Je peux retirer ce consentement à tout moment."
)


class AccountError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def email_verification_url(user):
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_VERIFICATION_SALT)
    return absolute(reverse("accounts:verify_email", args=[token]))


def verify_email_token(token):
    """The user whose address the token proves, or AccountError (expired, altered, or address changed)."""
    try:
        data = signing.loads(token, salt=EMAIL_VERIFICATION_SALT, max_age=EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise AccountError("Ce lien a expiré : demandez-en un nouveau en vous connectant.") from None
    except signing.BadSignature:
        raise AccountError("Ce lien n'est pas valide.") from None
    user = User.objects.filter(pk=data["user"], email=data["email"]).first()
    if user is None:
        raise AccountError("Ce lien ne correspond à aucun compte.")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def send_verification_email(user):
    send_mail(
        "[Trait d'union] Confirmez votre adresse électronique",
        f"Bonjour {user.first_name},\n\nPour activer votre compte Trait d'union, ouvrez ce lien (valable 7 jours) :\n"
        f"{email_verification_url(user)}\n\nSi vous n'avez pas créé de compte, ignorez ce message.\n\n"
        "— L'équipe Trait d'union\n",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def password_setup_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("accounts:password_reset_confirm", args=[uid, token]))


def create_job_seeker(
    *, email, first_name, last_name, password=None, registered_by=None, organisation=None, **profile
):
    """A job seeker account with its profile.

    Registered by a prescriber (`registered_by`, `organisation`): her consent is recorded, she is followed by the
    organisation, and she receives a link to choose her password (which also proves her address).
    `profile` holds JobSeekerProfile fields; `jobs_wanted` may be a list of RomeCode.
    """
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError("Un compte existe déjà avec cette adresse électronique.", field="email")
    jobs_wanted = profile.pop("jobs_wanted", [])
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name.strip(), last_name=last_name.strip()
        )
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        seeker = JobSeekerProfile.objects.create(
            user=user,
            registered_by=registered_by,
            prescriber_organisation=organisation,
            consent_given_at=timezone.now() if registered_by else None,
            consent_text=CONSENT_TEXT.format(organisation=organisation.name) if registered_by else "",
            **profile,
        )
        seeker.jobs_wanted.set(jobs_wanted)
        if registered_by:
            transaction.on_commit(lambda: send_password_setup_email(user, organisation))
        else:
            transaction.on_commit(lambda: send_verification_email(user))
    return user


def send_password_setup_email(user, organisation):
    send_mail(
        "[Trait d'union] Votre compte a été créé",
        f"Bonjour {user.first_name},\n\n{organisation.name} a créé votre compte Trait d'union, avec votre accord, "
        "pour vous aider à trouver un emploi et la formation qui y mène.\n\n"
        f"Choisissez votre mot de passe avec ce lien :\n{password_setup_url(user)}\n\n— L'équipe Trait d'union\n",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
