"""Stored files through Django's storage API only (docs/reliability.md §9): a disk on the embedded default,
an S3 bucket in production. Nothing here or elsewhere opens a stored file by its `.path` — an object
in a bucket has none, and another machine's disk is not ours.

- `local_copy`: readers that need a seekable local file (calamine, zipfile, the csv encoding check)
  get a temporary copy in this process's own temporary directory, written in chunks and deleted
  afterwards, also when reading fails.
- `download_response`: a stored file streamed to the browser by the view that checked who asks
  (docs/reliability.md §9); no public or presigned URL is ever handed out."""

import contextlib
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse

CHUNK = 1 << 20


@contextlib.contextmanager
def local_copy(field_file, *, suffix: str = ""):
    """A local, seekable copy of a stored file, as a path, for the duration of the `with` block.
    `suffix` (e.g. ".xlsx") is kept for readers that go by the file name's extension."""
    storage, name = field_file.storage, field_file.name
    with tempfile.NamedTemporaryFile(
        prefix="stored-", suffix=suffix, dir=settings.FILE_UPLOAD_TEMP_DIR, delete=True
    ) as copy:
        _download(storage, name, copy)
        copy.flush()
        yield Path(copy.name)


def _download(storage, name: str, target) -> None:
    bucket = getattr(storage, "bucket", None)
    if bucket is not None and hasattr(storage, "_normalize_name"):
        # django-storages' S3Storage: boto3 streams the object straight into our file in parts
        # (storage.open() would first download it whole into a spooled buffer of its own).
        from storages.utils import clean_name

        bucket.Object(storage._normalize_name(clean_name(name))).download_fileobj(
            target, Config=storage.transfer_config
        )
        return
    with storage.open(name, "rb") as source:
        shutil.copyfileobj(source, target, CHUNK)


def download_response(field_file, filename: str) -> FileResponse:
    """The stored file as an attachment, streamed in chunks from whichever storage holds it."""
    return FileResponse(field_file.storage.open(field_file.name, "rb"), as_attachment=True, filename=filename)
