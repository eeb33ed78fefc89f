"""The files of an import, judged before anything reads them: one Word file or a .zip of many.

Each file is checked by qms.uploads.check_upload (the bytes say what it is; a
zip bomb or a zip of thousands of parts is refused while it is read through),
and before that for what deserves its own message: an encrypted Word file
(an OLE compound file holding ``EncryptedPackage``) and a macro-enabled one
(``vbaProject.bin``). A .zip of procedures is opened here with the same kind of
limits: how many files, how much they expand to in all and against its size.
Old Word (.doc) and OpenDocument (.odt) files are converted to .docx by
LibreOffice headless when it is installed (``soffice --convert-to docx``).
"""

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from qms import uploads

WORD_EXTENSIONS = (".docx", ".doc", ".odt", ".docm", ".dotm")
MAX_FILES = 200
CONVERT_TIMEOUT = 120


class ImportRefused(Exception):
    """A file that cannot be imported; the message is translated and shown as it is."""


@dataclass
class Entry:
    name: str
    data: bytes = b""
    error: str = ""


def _limit(name, default):
    return getattr(settings, name, default)


def _message(error):
    return " ".join(str(m) for m in error.messages)


def entries_of(name, data):
    """The Word files of an upload: itself, or each file of a .zip (each with its own error, if any)."""
    if name.lower().endswith(".zip"):
        return _zip_entries(data)
    return [Entry(name=name, data=data)]


def _zip_entries(data):
    max_files = _limit("QMS_WORD_IMPORT_MAX_FILES", MAX_FILES)
    max_total = _limit("QMS_UPLOAD_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
    max_ratio = _limit("QMS_UPLOAD_MAX_COMPRESSION_RATIO", 200)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ImportRefused(_("The .zip file is damaged and cannot be opened.")) from None
    if len(members) > max_files:
        raise ImportRefused(
            _("The .zip file holds %(count)s files; at most %(limit)s can be imported at once.")
            % {"count": len(members), "limit": max_files}
        )
    bomb = ImportRefused(
        _("The .zip file expands to far more than its size (a compressed archive bomb) and was refused.")
    )
    declared = sum(m.file_size for m in members)
    if declared > max_total or declared > max(len(data), 1) * max_ratio:
        raise bomb
    entries = []
    total = 0
    for member in members:
        base = os.path.basename(member.filename)
        if not base or base.startswith((".", "~$")) or "__MACOSX" in member.filename:
            continue
        if not base.lower().endswith(WORD_EXTENSIONS):
            entries.append(Entry(name=base, error=_("Not a Word file (.docx, .doc or .odt); skipped.")))
            continue
        chunks = []
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(1024 * 1024):
                    total += len(chunk)
                    if total > max_total or total > max(len(data), 1) * max_ratio:
                        raise bomb
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
            entries.append(Entry(name=base, error=_("This file of the .zip is damaged or encrypted.")))
            continue
        entries.append(Entry(name=base, data=b"".join(chunks)))
    if not entries:
        raise ImportRefused(_("The .zip file holds no Word file."))
    return entries


def _is_encrypted(data):
    return data.startswith(uploads.OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data


def _has_macros(data):
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return any(n.lower().endswith("vbaproject.bin") for n in names)


def docx_of(entry):
    """The .docx bytes of one file, converted when it is .doc or .odt; ImportRefused with the reason."""
    data = entry.data
    if _is_encrypted(data):
        raise ImportRefused(
            _("The file is protected by a password (encrypted); remove the password in Word and import it again.")
        )
    if _has_macros(data):
        raise ImportRefused(
            _("The file contains macros (a macro-enabled document); save it as an ordinary .docx and import it again.")
        )
    upload = ContentFile(data, name=entry.name)
    try:
        kind = uploads.check_upload(upload, {uploads.DOCX, uploads.DOC, uploads.ODT})
    except ValidationError as error:
        if error.code == "file_type":
            raise ImportRefused(_("Not a Word file (.docx, .doc or .odt).")) from None
        raise ImportRefused(_message(error)) from None
    if kind == uploads.DOCX:
        return data
    converted = convert_to_docx(data, entry.name)
    try:
        uploads.check_upload(ContentFile(converted, name="converted.docx"), {uploads.DOCX})
    except ValidationError as error:
        raise ImportRefused(_message(error)) from None
    return converted


def soffice_path():
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data, name):
    """A .doc or .odt converted by LibreOffice headless (its own profile per run, so runs never share a lock)."""
    soffice = soffice_path()
    if soffice is None:
        raise ImportRefused(
            _(
                "Old Word (.doc) and OpenDocument (.odt) files are converted by LibreOffice, which is not installed "
                "on the server: ask the administrator to install the package libreoffice-writer-nogui, or save the "
                "file as .docx in Word and import that."
            )
        )
    suffix = ".odt" if data.startswith(b"PK") else ".doc"
    with tempfile.TemporaryDirectory(prefix="wordio-") as folder:
        source = os.path.join(folder, "source" + suffix)
        with open(source, "wb") as handle:
            handle.write(data)
        command = [
            soffice,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            folder,
            source,
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired):
            raise ImportRefused(_("LibreOffice could not convert this file to .docx.")) from None
        target = os.path.join(folder, "source.docx")
        if not os.path.exists(target):
            raise ImportRefused(_("LibreOffice could not convert this file to .docx."))
        with open(target, "rb") as handle:
            return handle.read()
