"""Stored files, wherever the default storage keeps them (docs/operations.md, "Object storage").

Every file the application writes goes through Django's storage API
(``default_storage`` or a FileField's storage): on local disk under
MEDIA_ROOT by default, in an S3-compatible bucket when ``QMS_S3_BUCKET`` is
set (qms/settings/base.py). Nothing here decides who may read a file: the
views that call :func:`file_response` have checked that already.

:func:`file_response` answers with the file itself (streamed through the app
server) or, with object storage and ``QMS_MEDIA_DELIVERY = "redirect"``, with
a redirect to a presigned URL that expires after ``QMS_S3_URL_EXPIRE``
seconds; the bucket itself is never public.
"""

import hashlib
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect


def is_local(storage=None):
    """Whether the storage keeps its files on this machine's disk (it has paths)."""
    storage = storage or default_storage
    try:
        storage.path("probe")
    except NotImplementedError:
        return False
    return True


def redirects(storage=None):
    return settings.QMS_MEDIA_DELIVERY == "redirect" and not is_local(storage)


def content_disposition(filename, as_attachment):
    kind = "attachment" if as_attachment else "inline"
    if not filename:
        return kind
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        return f"{kind}; filename*=utf-8''{quote(filename)}"
    escaped = filename.replace("\\", "\\\\").replace('"', r"\"")
    return f'{kind}; filename="{escaped}"'


def file_response(field_file, *, content_type=None, as_attachment=False, filename=None):
    """The stored file of ``field_file`` (a FieldFile) for a reader already checked."""
    return name_response(
        field_file.storage, field_file.name, content_type=content_type, as_attachment=as_attachment, filename=filename
    )


def name_response(storage, name, *, content_type=None, as_attachment=False, filename=None):
    """The file ``name`` of ``storage``: streamed, or a redirect to a presigned URL (see above).
    A missing file raises FileNotFoundError while streaming."""
    filename = filename or posixpath.basename(name)
    if redirects(storage):
        parameters = {
            "ResponseContentDisposition": content_disposition(filename, as_attachment),
            "ResponseCacheControl": "private, no-store",
        }
        if content_type:
            parameters["ResponseContentType"] = content_type
        return HttpResponseRedirect(storage.url(name, parameters=parameters))
    return FileResponse(
        storage.open(name, "rb"), content_type=content_type, as_attachment=as_attachment, filename=filename
    )


def stored_names(storage=None, folder=""):
    """Every file name in the storage (under ``folder``), sorted; works on disk and in a bucket."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [posixpath.join(folder, name) if folder else name for name in files]
    for sub in folders:
        names.extend(stored_names(storage, posixpath.join(folder, sub) if folder else sub))
    return sorted(names)


def read_bytes(name, storage=None):
    """The whole file ``name`` (a controlled PDF: read in full to check its SHA-256).

    From a bucket, one GET of the object: django-storages' ``open()`` would ask
    for its metadata first and then download it through a transfer manager,
    two requests and a thread pool for a file of some hundred KiB.
    A missing file raises FileNotFoundError.
    """
    storage = storage or default_storage
    if is_local(storage) or not hasattr(storage, "bucket_name"):
        with storage.open(name, "rb") as handle:
            return handle.read()
    from botocore.exceptions import ClientError
    from storages.utils import clean_name

    key = storage._normalize_name(clean_name(name))
    try:
        return storage.connection.meta.client.get_object(Bucket=storage.bucket_name, Key=key)["Body"].read()
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            raise FileNotFoundError(f"File does not exist: {name}") from err
        raise


def sha256_of(name, storage=None):
    digest = hashlib.sha256()
    with (storage or default_storage).open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def put(name, content, storage=None):
    """Store ``content`` (bytes or a File) under exactly ``name``, replacing what was there (a restore)."""
    storage = storage or default_storage
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content) if isinstance(content, bytes) else content)
    if saved != name:
        raise OSError(f"stored as {saved}, not {name}")
    return saved
