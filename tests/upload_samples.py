"""Real and hostile files for the upload tests, built in memory."""

import io
import zipfile
import zlib

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


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{content_type}"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/></Relationships>'
)


def docx(extra=None, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"):
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(content_type=content_type),
            "_rels/.rels": RELS,
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


def _pdf(objects, trailer=b"/Root 1 0 R"):
    """A small PDF assembled by hand from ``objects`` (bytes, numbered from 1)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d " % (len(objects) + 1) + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


PAGES = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def pdf_with_javascript():
    """Opening it runs JavaScript (/OpenAction)."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *PAGES,
            b"<< /Type /Action /S /JavaScript /JS (app.alert\\('Xin chao'\\);) >>",
        ]
    )


def pdf_with_javascript_hidden_in_an_object_stream():
    """The action is compressed inside an object stream, its names written with #xx escapes."""
    action = b"<< /Type /Action /S /J#61vaScript /J#53 (app.launchURL\\('http://evil.example'\\);) >>"
    header = b"4 0 "
    packed = zlib.compress(header + action)
    stream = b"<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\nstream\n" % (
        len(header),
        len(packed),
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *PAGES,
            b"null",
            stream + packed + b"\nendstream",
        ]
    )


def pdf_that_launches_a_program():
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>",
            *PAGES,
        ]
    )


def png_bomb(width=7700, height=7700):
    """A few dozen bytes claiming width x height pixels: a header, no image data to speak of."""
    import struct

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def two_part_docx():
    """Only [Content_Types].xml and word/document.xml: no package relationships, nothing declared."""
    return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def macro_docm_renamed():
    """A macro-enabled Word file (.docm) renamed .docx."""
    return docx(content_type="application/vnd.ms-word.document.macroEnabled.main+xml")
