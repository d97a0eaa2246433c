"""Keep each candidature's PathRecord in step with its path: rewritten after the commit that changed it."""

from django.db import transaction
from django.dispatch import receiver

from tdu.candidatures.signals import path_changed


@receiver(path_changed)
def refresh_after_commit(sender, candidature_id, **kwargs):
    def refresh():
        from tdu.stats import records

        records.refresh([candidature_id])

    # robust: a failure here never undoes the user's action; the job's reconciliation repairs the record.
    transaction.on_commit(refresh, robust=True)
