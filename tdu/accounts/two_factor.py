"""The second factor (django-otp): a TOTP application, plus ten backup codes that each work once.

Required (TWO_FACTOR_REQUIRED) for the region's staff and for the administration (is_staff, superusers): they
reach nothing but the second-factor pages until it is set up and checked at each login
(tdu.www.middleware.SecondFactor). Anyone else may turn it on from her account, and then it is asked too.
Wrong codes are throttled by django-otp (an exponential delay after each failure).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tdu.utils.errors import DomainError

BACKUP_CODES = 10
APPLICATION = "Application d'authentification"
BACKUP = "Codes de secours"


def required_for(user) -> bool:
    """The region's staff and the administration must use a second factor."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.region_memberships.exists()


def enabled_for(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def must_verify(user) -> str:
    """Logged in with a password only, where a second factor is required or turned on: "verify" (a device is
    set up) or "setup" (none yet); "" otherwise. One query, asked on every page by the middleware."""
    if not user.is_authenticated or user.is_verified():
        return ""
    users = get_user_model().objects
    flags = (
        users.filter(pk=user.pk)
        .annotate(
            # Through the relation's name: accounts lies below organisations and never imports it.
            region=Exists(users.filter(pk=OuterRef("pk"), region_memberships__isnull=False)),
            device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        )
        .values_list("region", "device")
        .first()
    )
    region, device = flags or (False, False)
    required = settings.TWO_FACTOR_REQUIRED and (user.is_staff or user.is_superuser or region)
    if device:
        return "verify"
    return "setup" if required else ""


def pending_application(user) -> TOTPDevice:
    """The application being set up (created once, kept until confirmed so that reloading the page keeps the
    same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APPLICATION, confirmed=False)


def _clean(code) -> str:
    return "".join(str(code or "").split()).lower()


def confirm_application(user, code) -> tuple[TOTPDevice, list[str]]:
    """The first code from the application confirms it; returns the device and the backup codes, shown once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise DomainError("Aucune application en cours d'ajout : rechargez la page.")
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise DomainError("Trop d'essais : patientez quelques secondes avant de réessayer.")
    if not device.verify_token(_clean(code)):
        raise DomainError("Ce code ne correspond pas : saisissez les 6 chiffres affichés par l'application.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_backup_codes(user)
    return device, codes


def new_backup_codes(user) -> list[str]:
    """Ten new backup codes; the previous ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def check(user, code):
    """The confirmed device that accepts the code (a backup code is then used up), or a DomainError."""
    code = _clean(code)
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        raise DomainError("Aucun second facteur n'est configuré sur ce compte.")
    if all(not device.verify_is_allowed()[0] for device in devices):
        raise DomainError("Trop d'essais : patientez quelques secondes avant de réessayer.")
    for device in devices:
        if device.verify_token(code):
            return device
    raise DomainError("Code incorrect : saisissez les 6 chiffres de l'application, ou un code de secours.")


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def disable(user, code):
    """Turn the second factor off (only where it is not required), after one last valid code."""
    if required_for(user):
        raise DomainError(
            "Le second facteur est obligatoire pour votre rôle : il ne peut pas être désactivé."
        )
    check(user, code)
    for device in devices_for_user(user, confirmed=None):
        device.delete()
