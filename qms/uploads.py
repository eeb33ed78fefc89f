"""What may be uploaded anywhere in the product, judged by the bytes.

Neither the file name nor the type the browser claims is trusted: the first
bytes say what a file is (``filetype``), and each kind is then opened far
enough to know it is whole. Zip-based office files (DOCX, XLSX, ODT, ODS) must
have the inner structure of their kind, and are read through once, counting
what they really expand to, so that a small zip expanding to gigabytes (a zip
bomb) or holding thousands of members is refused before anything is saved.

Deeper checks of each kind:

- PDF: no active content. Every dictionary key of the file is read, in the
  plain body and inside compressed object streams, with ``#xx`` escapes in
  names decoded (``/J#61vaScript`` is ``/JavaScript``); JavaScript (``/JS``,
  ``/JavaScript``, so also an ``/OpenAction`` running it), additional
  actions (``/AA``), ``/Launch``, embedded files, XFA forms and rich media
  are refused. An object stream that cannot be unpacked (encryption, an
  unusual filter) cannot be checked and is refused too.
  This scan is the project's own rather than a PDF library's (pypdf,
  pikepdf): a parser resolves the document from its cross-reference table
  and skips objects nothing references, which some readers still run, and
  it follows a hostile file's structure; the check needs only the names in
  every dictionary, referenced or not, which a byte scan reads with no
  dependency.
- Images: the dimensions the header declares must stay under
  QMS_UPLOAD_MAX_IMAGE_PIXELS, and the file must be large enough to hold
  them (QMS_UPLOAD_MAX_PIXELS_PER_BYTE: a 68-byte PNG claiming 7700 × 7700
  pixels is a decompression bomb, not a photo).
- DOCX/XLSX: the package parts Office needs ([Content_Types].xml,
  _rels/.rels, the main part), the main part declared with its own content
  type (so a macro-enabled .docm renamed .docx is refused).

Limits are settings (qms/settings/base.py): QMS_UPLOAD_MAX_BYTES,
QMS_UPLOAD_MAX_UNCOMPRESSED_BYTES, QMS_UPLOAD_MAX_COMPRESSION_RATIO,
QMS_UPLOAD_MAX_ZIP_MEMBERS, QMS_UPLOAD_MAX_IMAGE_PIXELS,
QMS_UPLOAD_MAX_PIXELS_PER_BYTE.
"""

import io
import re
import zipfile
import zlib

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
# The content type [Content_Types].xml must give the main part.
OOXML_MAIN_TYPE = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
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
                    _check_ooxml(archive, names, kind)
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


OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b([^>]*)>")
ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _check_ooxml(archive, names, kind):
    """The parts Word or Excel needs, the main one declared with its own content type."""
    incomplete = ValidationError(
        _("The file is not a complete %(kind)s document (parts are missing); please save it again and upload it."),
        code="office_structure",
        params={"kind": KIND_NAMES[kind]},
    )
    if "_rels/.rels" not in names:
        raise incomplete
    declared = {}
    for override in OVERRIDE.finditer(archive.read("[Content_Types].xml")):
        attributes = {
            m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in ATTRIBUTE.finditer(override.group(1))
        }
        declared[attributes.get(b"PartName", b"").lower()] = attributes.get(b"ContentType", b"")
    main = ("/" + OOXML_MAIN_PART[kind]).encode()
    if declared.get(main) != OOXML_MAIN_TYPE[kind].encode():
        raise incomplete
    if main.lstrip(b"/").decode() not in archive.read("_rels/.rels").decode("utf-8", "replace"):
        raise incomplete


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole_kind(data):
    """Word 97-2003 or Excel 97-2003 by the stream its directory names (filetype's
    signatures miss some real files); any other compound file (an .msi installer...) is refused."""
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data or "Book\0".encode("utf-16-le") in data:
        return XLS
    return ""


# Keys that make a PDF do something when opened or clicked, or carry other files.
PDF_ACTIVE_NAMES = frozenset(
    {b"JS", b"JavaScript", b"AA", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"XFA", b"RichMedia"}
)
PDF_NAME = re.compile(rb"/([^\x00\t\n\f\r /<>\[\]()%{}]+)")
PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The start of a stream's data: its dictionary's end, then the keyword (not "endstream").
PDF_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
OBJECT_STREAM_KEYS = frozenset({b"Type", b"ObjStm", b"N", b"First", b"Length", b"Filter", b"FlateDecode", b"Extends"})


def _pdf_names(data):
    """Every name in ``data``, with #xx escapes decoded."""
    for match in PDF_NAME.finditer(data):
        name = match.group(1)
        yield PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name) if b"#" in name else name


def _pdf_dictionary_text(data):
    """The parts of a PDF where its dictionaries are: the body between streams
    (stream data, images and page contents, is skipped), and the unpacked
    content of every object stream (/Type /ObjStm). Raises if an object stream
    cannot be unpacked, or unpacks to more than the upload limits allow."""
    budget = limit("QMS_UPLOAD_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
    unreadable = ValidationError(
        _("The PDF is encrypted or packed in a way that cannot be checked; please save it again without protection."),
        code="pdf_unreadable",
    )
    position = 0
    while match := PDF_STREAM.search(data, position):
        end = data.find(b"endstream", match.end())
        end = len(data) if end < 0 else end
        body = data[position : match.end()]
        yield body
        header = body[max(body.rfind(b"obj"), len(body) - 4096, 0) :]
        names = set(_pdf_names(header))
        if b"ObjStm" in names:
            if names - OBJECT_STREAM_KEYS:
                raise unreadable  # another filter, or decoding parameters
            unpack = zlib.decompressobj()
            try:
                content = unpack.decompress(data[match.end() : end], budget + 1)
            except zlib.error:
                raise unreadable from None
            budget -= len(content)
            if budget < 0:
                raise ValidationError(
                    _("The file expands to far more than its size (a compressed archive bomb) and was refused."),
                    code="zip_bomb",
                )
            yield content
        position = end + len(b"endstream")
    yield data[position:]


def _check_pdf(data):
    # A PDF ends with %%EOF (possibly followed by a line end or a little padding);
    # a truncated download or a cut-off copy does not.
    if b"%%EOF" not in data[-1024:]:
        raise _damaged()
    active = ValidationError(
        _(
            "The PDF contains active content (JavaScript, automatic actions, a program to launch or "
            "embedded files) and was refused; please print it to a new PDF and upload that."
        ),
        code="pdf_active_content",
    )
    for text in _pdf_dictionary_text(data):
        if not PDF_ACTIVE_NAMES.isdisjoint(_pdf_names(text)):
            raise active


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
    max_pixels = limit("QMS_UPLOAD_MAX_IMAGE_PIXELS", 40_000_000)
    max_per_byte = limit("QMS_UPLOAD_MAX_PIXELS_PER_BYTE", 10_000)
    try:
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]]) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("The image is too large (%(width)s × %(height)s pixels); please send a smaller photo."),
                    code="image_pixels",
                    params={"width": width, "height": height},
                )
            if width * height > len(data) * max_per_byte:
                raise ValidationError(
                    _(
                        "The image claims %(width)s × %(height)s pixels but holds far too little data for that "
                        "(a decompression bomb) and was refused."
                    ),
                    code="image_implausible",
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
