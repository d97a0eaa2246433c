"""Account actions shared by the web pages, the prescriber space and the demo data."""

import re

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tdu.accounts.models import JobSeekerProfile, User
from tdu.matching.romes import codes_for_words
from tdu.references.models import RomeCode

EMAIL_VERIFICATION_SALT = "tdu.accounts.verify-email"
EMAIL_VERIFICATION_MAX_AGE = 7 * 24 * 3600
CONSENT_TEXT = (
    "J'accepte que {organisation} crée mon compte sur Trait d'union, y enregistre les informations de mon profil "
    "et postule en mon nom aux offres dont nous avons parlé. Je peux retirer ce consentement à tout moment."
)


DUPLICATE_EMAIL = "Un compte existe déjà avec cette adresse électronique."
ROME_CODE = re.compile(r"^([A-Za-z]\d{4})\b")
MAX_CODES_PER_JOB = 30


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
        raise AccountError(DUPLICATE_EMAIL, field="email")
    jobs_wanted = profile.pop("jobs_wanted", [])
    with transaction.atomic():
        user = _new_user(email, password, first_name, last_name)
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


# --- Accounts created from the sign-up pages and invitations ---------------------------------------------


def normalize_email(email):
    return (email or "").strip().lower()


def email_is_taken(email):
    return User.objects.filter(email__iexact=normalize_email(email)).exists()


def _new_user(email, password, first_name, last_name, **extra):
    """Create the user; a concurrent sign-up with the same address becomes an AccountError, not a 500."""
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=normalize_email(email),
                password=password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                **extra,
            )
    except IntegrityError:
        raise AccountError(DUPLICATE_EMAIL, field="email") from None


def create_account(*, email, password, first_name, last_name, phone="", verified=False):
    """An account without any role yet. Unless `verified`, a confirmation link is emailed once committed."""
    if email_is_taken(email):
        raise AccountError(DUPLICATE_EMAIL, field="email")
    user = _new_user(
        email,
        password,
        first_name,
        last_name,
        phone=phone.strip(),
        email_verified_at=timezone.now() if verified else None,
    )
    if not verified:
        transaction.on_commit(lambda: send_verification_email(user))
    return user


def sign_up_job_seeker(*, phone="", **fields):
    """A job seeker signing up herself: `create_job_seeker` (which emails the confirmation link) plus her phone."""
    with transaction.atomic():
        user = create_job_seeker(**fields)
        if phone.strip():
            user.phone = phone.strip()
            user.save(update_fields=["phone"])
    return user


def mark_email_verified(user, *, save=True):
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        if save:
            user.save(update_fields=["email_verified_at"])
    return user


def resend_verification_email(email):
    """Send a new link to an unverified account; do nothing otherwise (the page says the same either way).

    A job seeker registered by a prescriber has no password yet: she gets the link to choose it instead.
    """
    user = User.objects.filter(email__iexact=normalize_email(email), is_active=True).first()
    if user is None or user.email_verified_at is not None:
        return
    if user.has_usable_password():
        send_verification_email(user)
    else:
        send_mail(
            "[Trait d'union] Choisissez votre mot de passe",
            f"Bonjour {user.first_name},\n\nPour activer votre compte Trait d'union, choisissez votre mot de "
            f"passe avec ce lien :\n{password_setup_url(user)}\n\n— L'équipe Trait d'union\n",
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )


def update_account(user, *, first_name, last_name, phone, wants_non_essential_emails):
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.phone = phone.strip()
    user.wants_non_essential_emails = wants_non_essential_emails
    user.save(update_fields=["first_name", "last_name", "phone", "wants_non_essential_emails"])
    return user


def update_job_seeker_profile(user, **fields):
    """Save the job seeker's own profile fields; `jobs_wanted` is a list of RomeCode."""
    profile = user.job_seeker_profile
    jobs_wanted = fields.pop("jobs_wanted", None)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.full_clean(exclude=["user", "jobs_wanted", "prescriber_organisation", "registered_by"])
        profile.save()
        if jobs_wanted is not None:
            profile.jobs_wanted.set(jobs_wanted)
    return profile


# --- Jobs wanted, typed as words ------------------------------------------------------------------------


def jobs_wanted_from_text(text):
    """RomeCodes for 'soudeur, cariste' or 'H2913 Soudeur / Soudeuse ; N1101' (empty text: no job).

    Jobs are separated by ';', new lines or commas; a job starting with a ROME code means exactly that code.
    """
    codes = []
    for piece in re.split(r"[;\n]", text or ""):
        piece = piece.strip()
        if not piece:
            continue
        coded = ROME_CODE.match(piece)
        if coded:
            code = coded[1].upper()
            if not RomeCode.objects.filter(code=code).exists():
                raise AccountError(f"Code ROME inconnu : « {code} ».", field="jobs_wanted")
            codes.append(code)
            continue
        for words in piece.split(","):
            words = words.strip()
            if not words:
                continue
            found = codes_for_words(words)
            if not found:
                raise AccountError(
                    f"Aucun métier ne correspond à « {words} » : essayez un autre mot, ou laissez vide.",
                    field="jobs_wanted",
                )
            if len(found) > MAX_CODES_PER_JOB:
                raise AccountError(
                    f"« {words} » correspond à trop de métiers ({len(found)}) : précisez, "
                    "par exemple « soudeur » plutôt que « agent ».",
                    field="jobs_wanted",
                )
            codes.extend(sorted(found))
    unique = list(dict.fromkeys(codes))
    by_code = RomeCode.objects.in_bulk(unique)
    return [by_code[code] for code in unique if code in by_code]


def jobs_wanted_text(profile):
    """The text shown back in the profile form: it reads back to the same codes."""
    return " ; ".join(f"{rome.code} {rome.label}" for rome in profile.jobs_wanted.order_by("code"))
