"""Private files (CVs, import reports): Django's STORAGES["private"] (config/settings.py: local files outside the
web root by default, an S3-compatible object store when configured), served only by views that check rights."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up on first use (and again after a change of the setting, in tests)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_files = PrivateStorage()


def private_storage():
    """The storage of the private FileFields (a callable: migrations keep this name, not a backend)."""
    return private_files


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_files._wrapped = empty  # type: ignore[assignment]
