"""Private file storage: per zone, no public URL — every download goes through a view that
checks object-level permission first."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


@cache
def _storage(root: str, zone: str) -> FileSystemStorage:
    location = Path(root) / zone
    location.mkdir(parents=True, exist_ok=True)
    return FileSystemStorage(location=location, base_url=None, directory_permissions_mode=0o700,
                             file_permissions_mode=0o600)


def private_storage() -> FileSystemStorage:
    return _storage(settings.PRIVATE_FILES_ROOT, settings.ZONE)
