"""Where uploaded and generated files live: outside the web root, never under a public URL.

settings.STORAGES["private"] is the local file system (MEDIA_ROOT/private) or, with S3_BUCKET set,
S3-compatible object storage (config/settings/base.py). Everything reads and writes these files through
the storage API (`field.file.open()`, `storage.save/exists/delete`), never by a path on the host's disk, so
web and worker processes on different hosts see the same files.
"""

from typing import Any, cast

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """The 'private' storage, looked up on first use and again after STORAGES changes (tests).

    The file fields get this proxy once, when the models are defined; it follows the settings, so a test
    that points STORAGES["private"] at another backend moves every field with it.
    """

    _wrapped: Any  # the storage, or `empty` until first use

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private = PrivateStorage()


def private_storage() -> Storage:
    """The 'private' storage from settings.STORAGES (a callable, as the file fields' `storage=`)."""
    return cast(Storage, _private)


@receiver(setting_changed)
def _private_storage_changed(*, setting: str, **kwargs) -> None:
    if setting in ("STORAGES", "MEDIA_ROOT"):
        _private._wrapped = empty
