"""Each transition becomes an event for the webhooks of the organisations that may see it, after commit."""

from django.db import transaction
from django.dispatch import receiver

from tdu.candidatures.signals import path_changed


@receiver(path_changed)
def queue_webhooks(sender, candidature_id, entry_id=None, **kwargs):
    if entry_id is None:
        return  # a follow-up answer is no transition

    def queue():
        from tdu.partners import webhooks

        webhooks.queue_event(entry_id)

    transaction.on_commit(queue, robust=True)
