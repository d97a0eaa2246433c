"""Record every import run, never let two runs of one source overlap, and alert the region when it goes wrong."""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tdu.imports import notifications
from tdu.imports.models import ImportRun, RunStatus
from tdu.utils.errors import DomainError
from tdu.utils.imports import ImportRefused, ImportReport

logger = logging.getLogger(__name__)
# A run that has not finished after this long died with its process: its lock is released.
STALE_AFTER = datetime.timedelta(hours=6)


class AlreadyRunning(DomainError):
    pass


def _start(source, region, origin, partial, user):
    lock_key = f"{source}:{region.code if region else '-'}"
    ImportRun.objects.filter(
        lock_key=lock_key, status=RunStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER
    ).update(status=RunStatus.FAILED, finished_at=timezone.now(), message="Interrompu (processus arrêté).")
    try:
        with transaction.atomic():
            return ImportRun.objects.create(
                source=source,
                region=region,
                origin=str(origin)[:500],
                partial=partial,
                triggered_by=user,
                lock_key=lock_key,
            )
    except IntegrityError:
        raise AlreadyRunning("Un import de cette source est déjà en cours : il n'est pas relancé.") from None


def _finish(run, status, report: ImportReport | None, message=""):
    run.status, run.finished_at, run.message = status, timezone.now(), message[:5000]
    if report is not None:
        run.created, run.updated, run.unchanged = report.created, report.updated, report.unchanged
        run.closed, run.rejected = report.closed, report.rejected
        if report.rejects:
            run.rejects_report.save(
                f"rejets-{run.pk}.csv", ContentFile(report.rejects_csv().encode()), save=False
            )
    run.save()
    if run.region_id and (
        status != RunStatus.SUCCEEDED or run.reject_share * 100 > run.region.import_alert_percent
    ):
        notifications.ImportNeedsAttention.on_commit(run.pk)
    logger.info(
        "import %s %s: %s (%s)", run.source, run.lock_key, status, report.summary() if report else message
    )


def record(source, work, *, region=None, origin="", partial=True, user=None):
    """Run `work()` (which returns an ImportReport) as a recorded run; return (run, report).

    ImportRefused (all-or-nothing) and DomainError (unreadable source) are recorded, then raised again.
    """
    run = _start(source, region, origin, partial, user)
    try:
        report = work()
    except ImportRefused as refused:
        _finish(run, RunStatus.REFUSED, refused.report, refused.headline)
        raise
    except DomainError as error:
        _finish(run, RunStatus.FAILED, None, error.message)
        raise
    except Exception as error:
        _finish(run, RunStatus.FAILED, None, f"Erreur inattendue : {error.__class__.__name__}.")
        raise
    message = "\n".join(report.notes)
    _finish(run, RunStatus.SUCCEEDED, report, message)
    return run, report
