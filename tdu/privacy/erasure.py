"""Closing an account: the person's data is erased, what others need is kept without her.

- Her paths in progress stop (transition `close_account`, the others are told).
- Each of her candidatures is anonymised: it moves to the shared « Compte fermé » account, its message, CV and
  free-text reasons are erased. The candidatures, their steps and follow-up answers stay, so the region's
  figures keep their counts; the frozen documents already signed (convention, engagement réciproque) are kept
  as the law requires, attached to the candidature, no longer to any account.
- Everything else that pointed to her moves to the « Compte fermé » account too (e.g. an API token she created
  for her company), except what was hers alone (profile, memberships, devices…), deleted with the account.
- Only a dated line says that an account was closed, and why.
"""

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from tdu.accounts.models import JobSeekerProfile
from tdu.candidatures.engine import perform
from tdu.candidatures.enums import FINAL_STATES, Actor
from tdu.candidatures.models import Candidature, TransitionLog
from tdu.privacy import notifications
from tdu.privacy.models import AccessRecord, ClosedAccount, Closure
from tdu.utils.errors import DomainError

CLOSED_EMAIL = "compte-ferme@trait-d-union.invalid"
CLOSED_NAME = ("Compte", "fermé")
# Relations to a person that are hers alone: deleted with her account rather than moved.
HERS = {
    "accounts.JobSeekerProfile",
    "organisations.CompanyMembership",
    "organisations.TrainingOrganisationMembership",
    "organisations.PrescriberMembership",
    "organisations.RegionMembership",
    "organisations.JoinRequest",
    "organisations.Invitation",
    "candidatures.DigestLog",
    "privacy.InactivityWarning",
    "alerts.SavedSearch",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "admin.LogEntry",
}


def closed_account():
    """The one account that stands for every closed account: it cannot log in and receives nothing."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        email=CLOSED_EMAIL,
        defaults={"first_name": CLOSED_NAME[0], "last_name": CLOSED_NAME[1], "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def is_closed_account(user) -> bool:
    return getattr(user, "email", None) == CLOSED_EMAIL


def anonymise_candidature(candidature, placeholder=None):
    """Detach one candidature from its person and erase its free text and CV (figures unchanged)."""
    placeholder = placeholder or closed_account()
    person_id = candidature.job_seeker_id
    if candidature.cv:
        candidature.cv.delete(save=False)
    Candidature.objects.filter(pk=candidature.pk).update(
        job_seeker=placeholder, message="", cv="", exit_reason="", recruiter_email=""
    )
    Candidature.objects.filter(pk=candidature.pk, applied_by_id=person_id).update(applied_by=placeholder)
    TransitionLog.objects.filter(candidature=candidature, actor_id=person_id).update(
        actor=None, actor_name=" ".join(CLOSED_NAME), reason=""
    )
    AccessRecord.objects.filter(candidature=candidature, person_id=person_id).update(person=None)


def _stop_paths(user):
    for candidature in Candidature.objects.filter(job_seeker=user).exclude(state__in=FINAL_STATES):
        perform(candidature, "close_account", None, actor_role=Actor.SYSTEM)


def _move_what_others_need(user, placeholder):
    # Hidden relations too (related_name="+"): a document's author, an assessment's, a token's creator.
    for relation in user._meta.get_fields(include_hidden=True):
        if not (
            relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)
        ):
            continue
        model = relation.related_model
        if model._meta.label in HERS:
            continue
        if relation.on_delete in (models.PROTECT, models.CASCADE, models.RESTRICT):
            model._default_manager.filter(**{relation.field.name: user}).update(
                **{relation.field.name: placeholder}
            )


def close_account(user, reason=Closure.REQUEST):
    """Erase the person's account and personal data (see the module). Returns the ClosedAccount line."""
    if is_closed_account(user) or user.is_staff or user.is_superuser:
        raise DomainError(
            "Ce compte ne peut pas être fermé ainsi : écrivez au délégué à la protection des données."
        )
    address, first_name = user.email, user.first_name
    registered_by = getattr(getattr(user, "job_seeker_profile", None), "registered_by", None)
    with transaction.atomic():
        placeholder = closed_account()
        _stop_paths(user)
        for candidature in Candidature.objects.filter(job_seeker=user):
            anonymise_candidature(candidature, placeholder)
        _move_what_others_need(user, placeholder)
        JobSeekerProfile.objects.filter(user=user).delete()
        user.delete()
        line = ClosedAccount.objects.create(reason=reason, closed_at=timezone.now())
        notifications.AccountClosedReceipt.on_commit(address, first_name, reason)
        if reason == Closure.CONSENT_WITHDRAWN and registered_by is not None:
            notifications.ConsentWithdrawn.on_commit(registered_by.pk)
    return line
