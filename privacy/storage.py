"""Where uploaded and generated files live: outside the web root, never under a public URL."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """The 'private' storage from settings.STORAGES (a callable so tests can point it elsewhere)."""
    return storages["private"]
