"""Real and hostile files for the upload tests, built in memory."""

import io
import zipfile

from openpyxl import Workbook
from PIL import Image

from qms.pdf import html_to_pdf


def pdf():
    return html_to_pdf("<p>Biên bản họp</p>")


def png(size=(8, 8)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format="PNG")
    return out.getvalue()


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "blue").save(out, format="JPEG")
    return out.getvalue()


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx(extra=None):
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document><w:body><w:p>Quy trình</w:p></w:body></w:document>",
            **(extra or {}),
        }
    )


def xlsx():
    out = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Sổ theo dõi"
    workbook.save(out)
    return out.getvalue()


def odt():
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"})


def renamed_exe():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 496 + b"This program cannot be run"


def plain_zip():
    return _zip({"readme.txt": "not an office file"})


def zip_bomb():
    """A DOCX of a few hundred kB that expands to 300 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(block)
    return out.getvalue()


def many_members():
    return docx({f"word/part{n}.xml": "" for n in range(2500)})


def truncated(data):
    return data[: len(data) // 2]
