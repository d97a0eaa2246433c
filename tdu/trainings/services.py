"""One function per action of a training organisation: check the rules, then write, all or nothing.

Sessions are saved through the ORM (instance.save()), so the post_save signals of tdu.matching keep the
search's SessionLink rows right at once.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tdu.trainings.models import (
    FundingConfirmation,
    InternshipPeriod,
    SessionSource,
    Training,
    TrainingSession,
)
from tdu.utils.errors import DomainError
from tdu.utils.text import single_line

CERTIFICATION_CODE = re.compile(r"^(RNCP|RS)\d{2,6}$")
TRAINING_FIELDS = ("title", "certification_code", "entry_level", "exit_level", "description")
SESSION_FIELDS = (
    "training",
    "commune",
    "address",
    "start_date",
    "end_date",
    "funding_region",
    "funded_places",
    "recruitment_open",
)
PERIODS = "internship_periods"  # the error key of the internship periods


class InvalidTraining(DomainError):
    """A training or a session breaks a rule; `errors` maps each field (None: the whole object, PERIODS:
    the internship periods) to its French messages."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(" ".join(message for messages in errors.values() for message in messages))


def _errors_of(validation_error):
    return {
        (None if field == NON_FIELD_ERRORS else field): list(messages)
        for field, messages in validation_error.message_dict.items()
    }


def _add(errors, field, message):
    errors.setdefault(field, []).append(message)


def _only(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Champs non modifiables : {', '.join(sorted(unknown))}")


def create_training(organisation, *, rome_codes, **fields):
    """A training of `organisation` preparing to `rome_codes` (RomeCode instances, at least one)."""
    _only(fields, TRAINING_FIELDS)
    training = Training(organisation=organisation, **fields)
    training.title = single_line(training.title)
    training.certification_code = (training.certification_code or "").replace(" ", "").upper()
    errors = {}
    try:
        training.full_clean()
    except ValidationError as error:
        errors = _errors_of(error)
    if training.certification_code and not CERTIFICATION_CODE.match(training.certification_code):
        _add(
            errors,
            "certification_code",
            "Code de certification mal formé : RNCP ou RS suivi de chiffres (ex. RNCP35474, RS5630).",
        )
    if not rome_codes:
        _add(errors, "rome_codes", "Indiquez au moins un métier préparé (code ROME).")
    if errors:
        raise InvalidTraining(errors)
    with transaction.atomic():
        training.save()
        training.rome_codes.set(rome_codes)
    return training


def _check_periods(session, periods, errors):
    """`periods`: dicts with start_date, end_date and an optional label, within the session's dates."""
    ordered = sorted(periods, key=lambda p: (p["start_date"], p["end_date"]))
    for period in ordered:
        start, end = period["start_date"], period["end_date"]
        if end < start:
            _add(
                errors,
                PERIODS,
                f"La période en entreprise du {start:%d/%m/%Y} se termine avant de commencer.",
            )
        elif (
            session.start_date and session.end_date and (start < session.start_date or end > session.end_date)
        ):
            _add(
                errors,
                PERIODS,
                f"La période en entreprise du {start:%d/%m/%Y} au {end:%d/%m/%Y} doit se situer pendant la "
                f"session (du {session.start_date:%d/%m/%Y} au {session.end_date:%d/%m/%Y}).",
            )
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after["start_date"] <= before["end_date"]:
            _add(
                errors,
                PERIODS,
                f"Les périodes en entreprise du {before['start_date']:%d/%m/%Y} et du "
                f"{after['start_date']:%d/%m/%Y} se chevauchent.",
            )


def _check_session(session, periods):
    errors = {}
    try:
        session.full_clean(exclude=["latitude", "longitude"])
    except ValidationError as error:
        errors = _errors_of(error)
    region = session.funding_region
    if region is not None and not region.is_deployed and "funding_region" not in errors:
        _add(
            errors,
            "funding_region",
            f"La Région {region.name} ne finance pas encore de formations sur Trait d'union.",
        )
    if session.funded_places < session.enrolled_count and "funded_places" not in errors:
        errors["funded_places"] = [
            f"{session.enrolled_count} place{'s' if session.enrolled_count > 1 else ''} déjà "
            f"occupée{'s' if session.enrolled_count > 1 else ''} : les places financées ne peuvent pas "
            "descendre en dessous."
        ]
    _check_periods(session, periods, errors)
    if errors:
        raise InvalidTraining(errors)


def _apply(session, fields):
    _only(fields, SESSION_FIELDS)
    previous_commune = session.commune_id
    previous_funding = (session.funding_region_id, session.funded_places)
    for name, value in fields.items():
        setattr(session, name, value)
    if session.commune_id != previous_commune:  # the place follows the commune's coordinates
        session.latitude = session.longitude = None
    # The region confirmed a region and a number of places: another region or more places need it again.
    region, places = previous_funding
    if session._state.adding or session.funding_region_id != region or session.funded_places > places:
        _unconfirm(session)


def _unconfirm(session):
    session.funding_confirmation = FundingConfirmation.NONE
    session.funding_confirmed_at = session.funding_confirmed_by = None


def _write(session, periods):
    session.save()  # post_save refreshes the session's search links
    session.internship_periods.all().delete()
    InternshipPeriod.objects.bulk_create(
        InternshipPeriod(
            session=session,
            start_date=p["start_date"],
            end_date=p["end_date"],
            label=(p.get("label") or "").strip(),
        )
        for p in periods
    )


def create_session(training, *, periods=(), external_id="", source=SessionSource.PLATFORM, **fields):
    """A session of `training`; `periods` lists its internship periods (dicts start_date, end_date, label)."""
    periods = list(periods)
    session = TrainingSession(training=training, external_id=external_id, source=source)
    _apply(session, fields)
    if session.training.organisation_id != training.organisation_id:
        raise InvalidTraining({"training": ["Cette formation n'appartient pas à l'organisme."]})
    _check_session(session, periods)
    with transaction.atomic():
        _write(session, periods)
    return session


def update_session(session, *, periods=(), **fields):
    """Change a session and replace its internship periods. Places already taken are read afresh, locked."""
    periods = list(periods)
    with transaction.atomic():
        organisation_id = session.training.organisation_id
        session = TrainingSession.objects.select_for_update().select_related("training").get(pk=session.pk)
        _apply(session, fields)
        if session.training.organisation_id != organisation_id:
            raise InvalidTraining({"training": ["Cette formation n'appartient pas à l'organisme."]})
        _check_session(session, periods)
        _write(session, periods)
    return session


def set_recruitment(session, is_open):
    """Open or close a session's recruitment; the search shows the change at once."""
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if is_open and session.end_date < timezone.localdate():
            raise DomainError("Cette session est terminée : son recrutement ne peut pas être rouvert.")
        if session.recruitment_open != is_open:
            session.recruitment_open = is_open
            session.save(update_fields=["recruitment_open", "updated_at"])
    return session


# --- Partners (the API): the same rules, idempotent on the partner's own identifier ---------------------------

PARTNER_ID = re.compile(r"^[A-Za-z0-9._-]{1,48}$")


def partner_key(organisation, external_id: str) -> str:
    if not PARTNER_ID.match(external_id or ""):
        raise InvalidTraining(
            {"external_id": ["Identifiant externe : 1 à 48 lettres, chiffres, points, tirets ou soulignés."]}
        )
    return f"api-{organisation.pk}-{external_id}"


def partner_id_of(session) -> str:
    prefix = f"api-{session.training.organisation_id}-"
    return session.external_id.removeprefix(prefix) if session.external_id.startswith(prefix) else ""


def upsert_partner_session(organisation, external_id, **fields):
    """(session, created): the organisation's session known by the partner's id, created or updated."""
    key = partner_key(organisation, external_id)
    training = fields.get("training")
    if training is None or training.organisation_id != organisation.pk:
        raise InvalidTraining({"training": ["Cette formation n'appartient pas à l'organisme."]})
    for _ in range(2):
        existing = TrainingSession.objects.filter(external_id=key).select_related("training").first()
        if existing is not None:
            if existing.training.organisation_id != organisation.pk:
                raise InvalidTraining({"external_id": ["Cet identifiant est déjà pris."]})
            periods = list(existing.internship_periods.values("start_date", "end_date", "label"))
            return update_session(existing, periods=periods, **fields), False
        try:
            others = {name: value for name, value in fields.items() if name != "training"}
            return create_session(training, external_id=key, source=SessionSource.API, **others), True
        except IntegrityError:
            continue  # created meanwhile by a concurrent request: update it
    raise DomainError("La session a changé pendant l'envoi : renvoyez la requête.")


def set_funded_places(session, funded_places):
    periods = list(session.internship_periods.values("start_date", "end_date", "label"))
    return update_session(session, periods=periods, funded_places=funded_places)
