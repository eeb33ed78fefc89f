"""What may be uploaded anywhere in the product, judged by the bytes.

Neither the file name nor the type the browser claims is trusted: the first
bytes say what a file is (``filetype``), and each kind is then opened far
enough to know it is whole. Zip-based office files (DOCX, XLSX, ODT, ODS) must
have the inner structure of their kind, and are read through once, counting
what they really expand to, so that a small zip expanding to gigabytes (a zip
bomb) or holding thousands of members is refused before anything is saved.

Limits are settings (qms/settings/base.py): QMS_UPLOAD_MAX_BYTES,
QMS_UPLOAD_MAX_UNCOMPRESSED_BYTES, QMS_UPLOAD_MAX_COMPRESSION_RATIO,
QMS_UPLOAD_MAX_ZIP_MEMBERS, QMS_UPLOAD_MAX_IMAGE_PIXELS.
"""

import io
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
GIF = "image/gif"
HEIC = "image/heic"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

IMAGES = frozenset({JPEG, PNG, WEBP, GIF, HEIC})
TEXT_DOCUMENTS = frozenset({PDF, DOC, DOCX, ODT})
SPREADSHEETS = frozenset({XLS, XLSX, ODS})
# Anything a document, an attachment or a piece of evidence may be.
DOCUMENTS = TEXT_DOCUMENTS | SPREADSHEETS | IMAGES

# Zip-based kinds: the member that must be there, and for ODF the "mimetype" member's text.
OOXML_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
ODF_MIMETYPES = {ODT: ODT.encode(), ODS: ODS.encode()}

# Pillow formats for the image kinds it can open and check.
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", GIF: "GIF"}

KIND_NAMES = {
    PDF: "PDF",
    JPEG: "JPEG",
    PNG: "PNG",
    WEBP: "WebP",
    GIF: "GIF",
    HEIC: "HEIC",
    DOC: "Word (.doc)",
    XLS: "Excel (.xls)",
    DOCX: "Word (.docx)",
    XLSX: "Excel (.xlsx)",
    ODT: "OpenDocument (.odt)",
    ODS: "OpenDocument (.ods)",
}


def limit(name, default):
    return getattr(settings, name, default)


def _read_all(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _kinds_text(allowed):
    return ", ".join(sorted({KIND_NAMES[kind] for kind in allowed}))


def _wrong_type(allowed):
    return ValidationError(
        _("This file type is not accepted here. Accepted: %(kinds)s."),
        code="file_type",
        params={"kinds": _kinds_text(allowed)},
    )


def _damaged():
    return ValidationError(
        _("The file is damaged or incomplete and cannot be opened; please save it again and upload the new copy."),
        code="file_damaged",
    )


def _zip_kind(data):
    """The office kind of a zip file, after reading every member through; raises on a bomb or a damaged zip."""
    max_members = limit("QMS_UPLOAD_MAX_ZIP_MEMBERS", 2000)
    max_total = limit("QMS_UPLOAD_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
    max_ratio = limit("QMS_UPLOAD_MAX_COMPRESSION_RATIO", 200)
    too_big = ValidationError(
        _("The file expands to far more than its size (a compressed archive bomb) and was refused."),
        code="zip_bomb",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if len(members) > max_members:
            raise ValidationError(
                _("The file holds too many parts (%(count)s; at most %(limit)s) and was refused."),
                code="zip_members",
                params={"count": len(members), "limit": max_members},
            )
        declared = sum(member.file_size for member in members)
        if declared > max_total or declared > max(len(data), 1) * max_ratio:
            raise too_big
        total = 0
        for member in members:
            with archive.open(member) as stream:
                while chunk := stream.read(1024 * 1024):
                    total += len(chunk)
                    if total > max_total or total > max(len(data), 1) * max_ratio:
                        raise too_big
        names = set(archive.namelist())
        if "[Content_Types].xml" in names:
            for kind, part in OOXML_MAIN_PART.items():
                if part in names:
                    return kind
        if "mimetype" in names:
            declared_type = archive.read("mimetype").strip()
            for kind, text in ODF_MIMETYPES.items():
                if declared_type == text:
                    return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise _damaged() from None
    except RuntimeError:  # an encrypted member
        raise _damaged() from None
    return ""


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole_kind(data):
    """Word 97-2003 or Excel 97-2003 by the stream its directory names (filetype's
    signatures miss some real files); any other compound file (an .msi installer...) is refused."""
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data or "Book\0".encode("utf-16-le") in data:
        return XLS
    return ""


def _check_pdf(data):
    # A PDF ends with %%EOF (possibly followed by a line end or a little padding);
    # a truncated download or a cut-off copy does not.
    if b"%%EOF" not in data[-1024:]:
        raise _damaged()


def _whole_image(data, kind):
    """Whether the image's own end marker is there. Pillow cannot tell: WeasyPrint
    sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process."""
    tail = data[-1024:]
    if kind == PNG:
        return b"IEND" in tail
    if kind == JPEG:
        return b"\xff\xd9" in tail
    if kind == GIF:
        return data.rstrip(b"\0").endswith(b";")
    if kind == WEBP:
        return int.from_bytes(data[4:8], "little") + 8 <= len(data)
    return True


def _check_image(data, kind):
    from PIL import Image

    if not _whole_image(data, kind):
        raise _damaged()
    max_pixels = limit("QMS_UPLOAD_MAX_IMAGE_PIXELS", 60_000_000)
    try:
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]]) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("The image is too large (%(width)s × %(height)s pixels); please send a smaller photo."),
                    code="image_pixels",
                    params={"width": width, "height": height},
                )
            image.load()
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds of errors on damaged files, bombs included
        raise _damaged() from None


def check_upload(upload, allowed=DOCUMENTS, max_bytes=None):
    """The checked content type of ``upload``, or a translated ValidationError.

    ``upload`` is any file-like object with ``size``, ``read`` and ``seek``.
    """
    max_bytes = max_bytes or limit("QMS_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size or 0), "limit": filesizeformat(max_bytes)},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    data = _read_all(upload)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes)},
        )
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
    else:
        guess = filetype.guess(data[:8192])
        kind = guess.mime if guess else ""
        if kind == "image/heif":
            kind = HEIC
        if data.startswith(OLE_MAGIC) and kind not in (DOC, XLS):
            kind = _ole_kind(data)
    if kind not in allowed:
        raise _wrong_type(allowed)
    if kind == PDF:
        _check_pdf(data)
    elif kind in PILLOW_FORMATS:
        _check_image(data, kind)
    return kind


def _validate_new_upload(value, allowed):
    # A stored file (editing a record without a new upload) was checked when it came in.
    if not value or getattr(value, "_committed", False):
        return
    check_upload(value, allowed)


def validate_document_upload(value):
    """Model-field validator: a new upload must be a document, a spreadsheet or an image."""
    _validate_new_upload(value, DOCUMENTS)


def validate_text_document_upload(value):
    """Model-field validator: a new upload must be a PDF, Word or OpenDocument text."""
    _validate_new_upload(value, TEXT_DOCUMENTS)
