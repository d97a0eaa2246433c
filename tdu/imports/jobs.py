"""The nightly imports: each region's LHEO feed (its URL in the region's settings) and its France Travail sync.

Each run is recorded and locked by source (two runs never overlap), idempotent, and alerts the region's staff when
it fails or rejects too much (tdu.imports.runs).
"""

import logging

from tdu.imports import france_travail, runs
from tdu.imports.lheo import import_lheo
from tdu.imports.models import ImportSource
from tdu.references.models import Region
from tdu.utils.errors import DomainError
from tdu.utils.sources import local_copy

logger = logging.getLogger(__name__)


def _lheo(region):
    def work():
        with local_copy(region.lheo_feed_url, suffix=".xml") as path:
            return import_lheo(path, region, partial=True, full=True)

    return work


def nightly_imports(now=None):
    """Returns the number of runs that succeeded; failures are recorded and emailed, not raised."""
    succeeded = 0
    for region in Region.objects.filter(is_deployed=True).order_by("code"):
        jobs = []
        if region.lheo_feed_url:
            jobs.append((ImportSource.LHEO, _lheo(region), region.lheo_feed_url))
        if region.france_travail_sync:
            jobs.append(
                (
                    ImportSource.FRANCE_TRAVAIL,
                    lambda r=region: france_travail.sync_region(r),
                    "API Offres d'emploi v2",
                )
            )
        for source, work, origin in jobs:
            try:
                runs.record(source, work, region=region, origin=origin, partial=True)
                succeeded += 1
            except DomainError as error:
                logger.warning("nightly %s import of region %s: %s", source, region.code, error.message)
    return succeeded
