"""Account actions shared by the web pages, the prescriber space and the demo data."""

import logging
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from tdu.accounts import notifications
from tdu.accounts.models import JobSeekerProfile, User
from tdu.matching.romes import codes_for_words
from tdu.references.models import RomeCode
from tdu.utils import signed_links
from tdu.utils.errors import DomainError

logger = logging.getLogger(__name__)
CONSENT_TEXT = (
    "J'accepte que {organisation} crée mon compte sur Trait d'union, y enregistre les informations de mon profil "
    "et postule en mon nom aux offres dont nous avons parlé. Je peux retirer ce consentement à tout moment."
)


DUPLICATE_EMAIL = "Un compte existe déjà avec cette adresse électronique."
ROME_CODE = re.compile(r"^([A-Za-z]\d{4})\b")
LABEL_THEN_CODE = re.compile(r"\(([A-Za-z]\d{4})\)\s*$")  # « Soudeur / Soudeuse (H2913) »
MAX_CODES_PER_JOB = 30


class AccountError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def verify_email_token(token):
    """The user whose address the token proves, or AccountError (expired, altered, or address changed)."""
    try:
        data = signed_links.EMAIL_VERIFICATION.read(token)
    except DomainError as error:
        raise AccountError(error.message) from None
    user = User.objects.filter(pk=data.get("user")).first() if isinstance(data.get("user"), int) else None
    if user is None or not signed_links.same(user.email, data.get("email")):
        raise AccountError("Ce lien ne correspond à aucun compte.")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def send_verification_email(user):
    notifications.EmailVerification.on_commit(user)


def create_job_seeker(
    *, email, first_name, last_name, password=None, registered_by=None, organisation=None, phone="", **profile
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
        user = _new_user(email, password, first_name, last_name, phone=(phone or "").strip())
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
            notifications.AccountCreatedByPrescriber.on_commit(user, organisation=organisation)
            logger.info(
                "job seeker %s registered by %s for %s (consent recorded)",
                user.pk,
                registered_by.pk,
                organisation.pk,
            )
        else:
            send_verification_email(user)
    return user


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
        send_verification_email(user)
    return user


def sign_up_job_seeker(**fields):
    """A job seeker signing up herself: `create_job_seeker` emails the confirmation link."""
    return create_job_seeker(**fields)


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
        notifications.ChoosePassword.on_commit(user)


def update_account(user, *, first_name, last_name, phone, wants_non_essential_emails):
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.phone = phone.strip()
    user.wants_non_essential_emails = wants_non_essential_emails
    user.save(update_fields=["first_name", "last_name", "phone", "wants_non_essential_emails"])
    return user


def update_profile(user, account, profile=None):
    """The profile page: the account's fields, and the job seeker's profile when she has one, together."""
    with transaction.atomic():
        update_account(user, **account)
        if profile is not None:
            update_job_seeker_profile(user, **profile)
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
        coded = ROME_CODE.match(piece) or LABEL_THEN_CODE.search(piece)
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
    """The text shown back in the profile form, the job's name first: it reads back to the same codes."""
    return " ; ".join(f"{rome.label} ({rome.code})" for rome in profile.jobs_wanted.order_by("code"))
