"""A Vietnamese procedure in .docx read into the parts of a controlled document.

mammoth turns the body into HTML (paragraphs, lists, emphasis, images); the
tables are read from the .docx itself (procedures.wordio.tables) and matched
to mammoth's top-level tables in document order. Nothing here touches the
database: the result is a plain :class:`ReadDocument` that the preview shows
and procedures.wordio.drafts writes once the secretary confirms.
"""

import io
import re
from dataclasses import dataclass, field

import mammoth
from bs4 import BeautifulSoup, Tag
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn

from . import tables
from .richtext import block_html, images_in
from .tables import folded

SECTION_KINDS = [
    # Legal basis and forms first: "Căn cứ pháp lý" is not the references, "Danh mục biểu mẫu" not the content.
    ("legal", ("can cu phap ly", "co so phap ly", "van ban phap ly")),
    ("forms", ("bieu mau", "danh muc bieu mau", "mau bieu")),
    ("purpose", ("muc dich",)),
    ("scope", ("pham vi",)),
    ("references", ("tai lieu vien dan", "tai lieu tham chieu", "tai lieu lien quan", "can cu")),
    ("terms", ("dinh nghia", "thuat ngu", "viet tat")),
    ("records", ("ho so luu", "luu ho so", "ho so")),
    ("content", ("noi dung", "trinh tu", "cach thuc thuc hien")),
    ("other", ("phu luc",)),
]
# Sections that become their own blocks (a list of legal documents, a list of forms) instead of section text.
LIST_KINDS = ("legal", "forms")
# "BM.01-QT.05: Phiếu…", "BM-02 – Sổ…", "Mẫu số 01. Đơn…", "01/TTHC Tờ khai": a form's code, then its title.
FORM_LINE = re.compile(
    r"^\s*(?:[-–•+*]\s*)?(?:\d{1,2}[.)]\s+)?"
    r"(?P<code>m[aẫ]u(?:\s+s[oố])?\s*\d+[\w./-]*|[A-ZĐ]{1,8}[\w./-]*\d[\w./-]*|\d{1,3}/[\w./-]+)"
    r"\s*(?:[:–—)]|\s-)?\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
FORM_COLUMNS = {
    "code": ("ma hieu", "ma so", "ma bieu mau", "ky hieu", "ma"),
    "title": ("ten bieu mau", "ten mau", "ten", "bieu mau"),
}
NUMBERED = re.compile(r"^\s*(\d{1,2}|[IVX]{1,4})\s*[.)]?\s+(\D.*)$")
SUBNUMBERED = re.compile(r"^\s*\d{1,2}\.\d")
PROCESSING_TIME = re.compile(
    r"thoi (?:gian|han) (?:giai quyet|xu ly|thuc hien)\D{0,40}?(\d+(?:[.,]\d+)?)\s*ngay", re.IGNORECASE
)
STEPS_HEADING = re.compile(r"trinh tu|cac buoc|luu do|mo ta quy trinh|buoc thuc hien")


@dataclass
class Part:
    """One part of the file and what it became (for the preview)."""

    became: str
    snippet: str


@dataclass
class ReadDocument:
    filename: str
    code: str = ""
    title: str = ""
    agency: str = ""
    edition: int | None = None
    amendment: int | None = None
    effective_date: object = None
    signers: list = field(default_factory=list)
    amendments: list = field(default_factory=list)
    body: list = field(default_factory=list)  # [(block type, value)], images as ("image", {"index": n, ...})
    images: list = field(default_factory=list)  # [(content type, bytes)]
    parts: list = field(default_factory=list)
    unmapped: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def steps_count(self):
        return sum(len(value["steps"]) for kind, value in self.body if kind == "steps_table")


def snippet(text, length=160):
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def heading_text(text):
    """'5. NỘI DUNG QUY TRÌNH' -> 'Nội dung quy trình' (numbering stripped; capitals as a sentence)."""
    match = NUMBERED.match(text)
    title = " ".join((match.group(2) if match else text).split()).rstrip(":").strip()
    if title.isupper():
        title = title[:1] + title[1:].lower()
    return title[:255]


def section_kind(title):
    text = folded(title)
    for kind, words in SECTION_KINDS:
        if any(text.startswith(word) or f" {word}" in f" {text}" for word in words):
            return kind
    return None


def _top_level_tables(body):
    """The w:tbl elements of the body not inside another table, in order."""
    found = []
    for tbl in body.iter(qn("w:tbl")):
        parent = tbl.getparent()
        nested = False
        while parent is not None and parent is not body:
            if parent.tag == qn("w:tbl"):
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            found.append(tbl)
    return found


def _header_part_tables(document):
    grids = []
    for section in document.sections:
        for part in (section.first_page_header, section.header):
            if part.is_linked_to_previous and part is not section.header:
                continue
            for tbl in part._element.iter(qn("w:tbl")):
                grids.append(tables.read_grid(tbl))
    return grids


class _Reader:
    def __init__(self, result):
        self.result = result
        self.kind = None  # the current section's kind, None before the first heading
        self.heading = ""
        self.html = []  # rich text of the current section
        self.texts = []  # plain text of the current block of rich text
        self.section_texts = []  # plain text of the whole current section
        self.items = []  # the lines of a legal-basis or forms section (a list item or paragraph each)
        self.forms = []  # forms read from a table of a forms section

    # sections ----------------------------------------------------------

    def flush(self):
        if self.kind in LIST_KINDS and self._flush_list():
            return
        if self.kind is not None and self.kind != "records" and any(h.strip() for h in self.html):
            kind = self.kind if self.kind in dict(_section_kinds()) else "other"
            self.result.body.append(("section", {"kind": kind, "heading": self.heading, "body": "".join(self.html)}))
        elif self.kind == "records" and any(h.strip() for h in self.html):
            self.result.body.append(("section", {"kind": "other", "heading": self.heading, "body": "".join(self.html)}))
        self.html = []
        self.texts = []
        self.items = []
        self.forms = []

    def _flush_list(self):
        """A legal-basis or forms section as its own block; False (kept as section text) if it does not read so."""
        heading = self.heading
        if self.kind == "legal" and self.items and not self.forms:
            items = [item[:500] for item in self.items]
            self.result.body.append(("legal_basis", {"heading": heading[:255], "items": items}))
            self.result.parts.append(
                Part(_("Legal basis: %(count)s documents") % {"count": len(items)}, snippet("; ".join(items)))
            )
        elif self.kind == "forms" and (self.items or self.forms):
            forms = list(self.forms)
            for item in self.items:
                match = FORM_LINE.match(item)
                if match is None:
                    return False
                forms.append(
                    {
                        "code": match.group("code").strip().rstrip("./-")[:50],
                        "title": match.group("title").strip()[:255],
                    }
                )
            self.result.body.append(("forms", {"heading": heading[:255], "forms": forms}))
            codes = ", ".join(form["code"] for form in forms)
            self.result.parts.append(
                Part(_("Forms: %(codes)s") % {"codes": codes}, snippet("; ".join(self.items) or codes))
            )
        else:
            return False
        self.html = []
        self.texts = []
        self.items = []
        self.forms = []
        return True

    def start(self, title, snippet_text):
        self.flush()
        self.section_texts = []
        self.heading = heading_text(title)
        self.kind = section_kind(self.heading) or "other"
        labels = {
            **dict(_section_kinds()),
            "records": _("Records kept"),
            "legal": _("Legal basis"),
            "forms": _("Forms"),
        }
        label = labels.get(self.kind, labels["other"])
        self.result.parts.append(Part(_("Section “%(label)s”") % {"label": label}, snippet(snippet_text)))

    # elements ----------------------------------------------------------

    def paragraph(self, node):
        text = node.get_text(" ", strip=True)
        images = images_in(node)
        if not text and not images:
            return
        if text and self._is_section_heading(node, text):
            self.start(text, text)
        elif self.kind is None:
            if text and not self.result.title and len(text) < 200 and folded(text).startswith("quy trinh"):
                self.result.title = heading_text(text)
                self.result.parts.append(Part(_("Title"), snippet(text)))
            elif text:
                self.result.unmapped.append(Part(_("Text before the first section"), snippet(text)))
        elif text and self.kind in LIST_KINDS:
            lines = (
                [li.get_text(" ", strip=True) for li in node.find_all("li")] if node.name in ("ul", "ol") else [text]
            )
            self.items.extend(line for line in lines if line)
            self.html.append(block_html(node))
            self.texts.append(text)
            self.section_texts.append(text)
        elif text:
            sub = "h3" if (node.name in ("h1", "h2", "h3") or SUBNUMBERED.match(text)) and len(text) < 150 else None
            if node.name in ("h4", "h5", "h6") and len(text) < 150:
                sub = "h4"
            self.html.append(block_html(node, heading=sub))
            self.texts.append(text)
            self.section_texts.append(text)
        for img in images:
            self.image(img)

    def _is_section_heading(self, node, text):
        if len(text) > 120 or SUBNUMBERED.match(text):
            return False
        numbered = NUMBERED.match(text)
        is_heading_tag = node.name in ("h1", "h2")
        bold = (
            node.find(["strong", "b"]) is not None
            and len(node.find(["strong", "b"]).get_text(strip=True)) >= len(text.split(" ", 1)[-1]) * 0.8
        )
        title = heading_text(text)
        known = section_kind(title) is not None
        if numbered and (known or is_heading_tag or bold):
            return True
        if bold and len(text) < 60 and section_kind(title) in LIST_KINDS:
            # "Cơ sở pháp lý", "Biểu mẫu": often written unnumbered, after the numbered sections.
            return True
        return bool(is_heading_tag and known)

    def image(self, img):
        src = img.get("src", "")
        if not src.startswith("wordio-image:"):
            return
        index = int(src.split(":", 1)[1])
        self.flush_keep()
        self.result.body.append(("image", {"index": index, "caption": (img.get("alt") or "")[:255]}))
        self.result.parts.append(Part(_("Image"), img.get("alt") or _("image %(number)s") % {"number": index + 1}))

    def flush_keep(self):
        """End the current block of rich text; what follows continues the same section."""
        kind, heading = self.kind, self.heading
        self.flush()
        self.kind, self.heading = kind, heading

    def table(self, grid):
        kind, details = tables.classify(grid)
        result = self.result
        if kind == "header":
            if result.code:
                result.unmapped.append(Part(_("Second header table"), grid.text()))
                return
            self.header(grid)
        elif kind == "signatures":
            signers = tables.read_signatures(grid)
            if signers and not result.signers:
                result.signers = signers
                names = ", ".join(s["name"] for s in signers)
                result.parts.append(Part(_("Signed on paper by: %(names)s") % {"names": names}, grid.text()))
            else:
                result.unmapped.append(Part(_("Signature table without names"), grid.text()))
        elif kind == "amendments":
            rows = tables.read_amendments(grid, details)
            result.amendments.extend(rows)
            result.parts.append(
                Part(_("Amendment history on paper: %(count)s rows") % {"count": len(rows)}, grid.text())
            )
        elif kind == "steps":
            self.steps(grid, details)
        elif self.kind == "forms" and (forms := _read_forms(grid)):
            self.forms.extend(forms)
        elif kind == "records" and self.kind is not None:
            self.flush_keep()
            records = tables.read_records(grid, details)
            heading = self.heading if self.kind == "records" else "Hồ sơ lưu"
            result.body.append(("records_kept", {"heading": heading, "records": records}))
            result.parts.append(Part(_("Records kept: %(count)s rows") % {"count": len(records)}, grid.text()))
        elif self.kind is None:
            result.unmapped.append(Part(_("Table before the first section"), grid.text()))
        else:
            self.flush_keep()
            result.body.append(("table", tables.table_block_value(grid)))
            result.parts.append(
                Part(_("Table (%(rows)s rows) kept as a table") % {"rows": len(grid.rows)}, grid.text())
            )

    def header(self, grid):
        fields = tables.read_header(grid)
        result = self.result
        result.code = fields.get("code", "")[:50]
        if fields.get("title"):
            result.title = heading_text(fields["title"])
        result.agency = fields.get("agency", "")
        result.edition = fields.get("edition")
        result.amendment = fields.get("amendment")
        result.effective_date = fields.get("effective_date")
        result.parts.append(
            Part(
                _("Header: code %(code)s, edition %(edition)s, amendment %(amendment)s, effective %(date)s")
                % {
                    "code": result.code or "—",
                    "edition": result.edition if result.edition is not None else "—",
                    "amendment": result.amendment if result.amendment is not None else "—",
                    "date": result.effective_date.strftime("%d/%m/%Y") if result.effective_date else "—",
                },
                grid.text(),
            )
        )

    def steps(self, grid, details):
        heading = "Trình tự thực hiện"
        processing = None
        # The paragraphs just above the table: its heading and the processing time.
        while self.texts:
            last = self.texts[-1]
            match = PROCESSING_TIME.search(folded(last))
            if match and processing is None and len(last) < 200:
                processing = match.group(1)
            elif len(last) < 100 and STEPS_HEADING.search(folded(last)) and heading == "Trình tự thực hiện":
                heading = heading_text(re.sub(r"^\s*\d{1,2}(\.\d{1,2})*\.?\s*", "", last)) or heading
            else:
                break
            self.texts.pop()
            self.html.pop()
        if processing is None:
            match = PROCESSING_TIME.search(folded(" ".join(self.section_texts)))
            processing = match.group(1) if match else None
        self.flush_keep()
        steps = tables.read_steps(grid, details)
        value = {
            "heading": heading[:255],
            "processing_time_days": tables.Decimal(processing.replace(",", ".")) if processing else None,
            "steps": steps,
        }
        self.result.body.append(("steps_table", value))
        self.result.parts.append(Part(_("Steps table: %(count)s steps") % {"count": len(steps)}, grid.text()))
        if value["processing_time_days"] is not None:
            total = sum((s["time_days"] or 0 for s in steps), tables.Decimal(0))
            if total > value["processing_time_days"]:
                self.result.warnings.append(
                    _(
                        "The steps add up to %(total)s working days, more than the processing time of %(limit)s: "
                        "correct the draft before sending it for approval."
                    )
                    % {"total": _days(total), "limit": _days(value["processing_time_days"])}
                )


def _read_forms(grid):
    """[{code, title}] from a table of forms (Mã hiệu / Tên biểu mẫu columns), [] if it is not one."""
    index, columns = tables._header_row(grid, FORM_COLUMNS, ("code", "title"))
    if index is None:
        return []
    forms = []
    for row in grid.rows[index + 1 :]:
        code, title = row[columns["code"]].strip(), row[columns["title"]].strip()
        if code and title:
            forms.append({"code": " ".join(code.split())[:50], "title": " ".join(title.split())[:255]})
    return forms


def _days(value):
    from procedures.models.blocks import format_days

    return format_days(value)


def _section_kinds():
    from procedures.models.blocks import SECTION_KINDS

    return SECTION_KINDS


def read_docx(data, filename):
    """The parts of one .docx (bytes). Raises nothing for content it cannot map: it lists them."""
    result = ReadDocument(filename=filename)
    document = Document(io.BytesIO(data))
    body_grids = [tables.read_grid(tbl) for tbl in _top_level_tables(document.element.body)]
    reader = _Reader(result)
    for grid in _header_part_tables(document):
        if tables.classify(grid)[0] in ("header", "signatures"):
            reader.table(grid)

    def keep_image(image):
        with image.open() as stream:
            result.images.append((image.content_type, stream.read()))
        return {"src": f"wordio-image:{len(result.images) - 1}", "alt": image.alt_text or ""}

    html = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(keep_image)).value
    soup = BeautifulSoup(html, "html.parser")
    grids = iter(body_grids)
    for node in soup.children:
        if not isinstance(node, Tag):
            if str(node).strip():
                reader.paragraph(BeautifulSoup(f"<p>{node}</p>", "html.parser").p)
            continue
        if node.name == "table":
            grid = next(grids, None)
            if grid is not None:
                reader.table(grid)
        else:
            reader.paragraph(node)
    reader.flush()
    if not result.title:
        result.title = heading_text(filename.rsplit(".", 1)[0].replace("_", " "))
    if not result.code:
        result.errors.append(_("No header table with a code (Mã số) was found."))
    return result
