"""Keep SessionLink rows right when sessions, trainings or regions change through the ORM.

Bulk writes (queryset.update, bulk_create) send no signal: their callers call tdu.matching.links themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from tdu.matching import links
from tdu.matching.models import SessionLink
from tdu.references.models import Region
from tdu.references.signals import rome_codes_changed
from tdu.trainings.models import Training, TrainingSession


@receiver(post_save, sender=TrainingSession, dispatch_uid="links_session_saved")
def session_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        links.refresh_sessions([instance.pk])


@receiver(post_delete, sender=TrainingSession, dispatch_uid="links_session_deleted")
def session_deleted(sender, instance, **kwargs):
    links.bump_version()  # its links went with it (cascade)


@receiver(post_save, sender=Training, dispatch_uid="links_training_saved")
def training_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        links.refresh_sessions(instance.sessions.values_list("id", flat=True))


@receiver(m2m_changed, sender=Training.rome_codes.through, dispatch_uid="links_training_romes_changed")
def training_romes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # rome.trainings.add(...): instance is a RomeCode, pk_set holds training ids
        if action == "post_clear":
            affected = list(
                SessionLink.objects.filter(rome_code=instance.pk).values_list("session_id", flat=True)
            )
        else:
            affected = list(
                TrainingSession.objects.filter(training_id__in=pk_set).values_list("id", flat=True)
            )
        links.refresh_sessions(affected)
    else:
        links.refresh_sessions(instance.sessions.values_list("id", flat=True))


@receiver(rome_codes_changed, dispatch_uid="links_rome_codes_changed")
def rome_codes_changed_receiver(sender, **kwargs):
    """New parent codes change which sessions match which offers: every link is computed again."""
    links.rebuild_all()


@receiver(post_save, sender=Region, dispatch_uid="links_region_saved")
def region_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        links.refresh_sessions(instance.funded_sessions.values_list("id", flat=True))
