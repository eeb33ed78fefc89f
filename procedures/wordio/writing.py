"""A controlled document written as .docx with python-docx, laid out as the PDF is.

The same header table (agency, title, Mã số / Lần ban hành / Lần sửa đổi /
Ngày hiệu lực / Trang), signature table and amendment table (Theo dõi sửa đổi)
as templates/pdf/controlled_document.html, then the body: numbered sections,
the steps tables, records kept, other tables (merged cells kept) and images.
:func:`write_docx` takes plain data (:class:`WordDocument`) so that the
exporter (procedures.wordio.export) and the benchmark build files the same way.
The importer reads these files back (procedures.wordio.reading).
"""

import io
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from procedures.documents.headings import default_heading, strip_numbering
from procedures.models.blocks import format_days

SIGNATURE_HEADINGS = {"prepared": "Người soạn thảo", "reviewed": "Người xem xét", "approved": "Người phê duyệt"}


@dataclass
class WordDocument:
    agency_lines: list  # ["UBND TỈNH VĨNH LONG", "SỞ NỘI VỤ"]
    title: str
    code: str
    edition: object = ""
    amendment: object = ""
    effective_date: object = None
    signers: list = field(default_factory=list)  # [{"role", "name", "title", "date", "how"}]
    history: list = field(default_factory=list)  # [{"date", "location", "content", "edition"}]
    body: list = field(default_factory=list)  # [(block type, value)] as the StreamField's raw data, resolved
    images: dict = field(default_factory=dict)  # image id -> (bytes)
    stamp_line: str = ""


def _date(value):
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else (value or "")


def _para(container, text="", *, bold=False, italic=False, center=False, size=None, caps=False):
    paragraphs = container.paragraphs
    fresh = hasattr(container, "_tc") and len(paragraphs) == 1 and not paragraphs[0].runs
    paragraph = paragraphs[0] if fresh else container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.all_caps = caps or None
        if size:
            run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _merge_down(table, col, first, last):
    table.cell(first, col).merge(table.cell(last, col))


def _page_field(paragraph):
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _header_table(doc, data):
    table = doc.add_table(rows=5, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _merge_down(table, 0, 0, 4)
    _merge_down(table, 1, 0, 4)
    agency = table.cell(0, 0)
    for index, line in enumerate(data.agency_lines):
        _para(agency, line, bold=index == len(data.agency_lines) - 1, center=True, size=11)
    _para(table.cell(0, 1), data.title, bold=True, center=True, size=13, caps=True)
    lines = [
        f"Mã số: {data.code}",
        f"Lần ban hành: {data.edition:02d}" if isinstance(data.edition, int) else f"Lần ban hành: {data.edition}",
        f"Lần sửa đổi: {data.amendment:02d}" if isinstance(data.amendment, int) else f"Lần sửa đổi: {data.amendment}",
        f"Ngày hiệu lực: {_date(data.effective_date)}",
    ]
    for row, line in enumerate(lines):
        _para(table.cell(row, 2), line, size=11)
    page = _para(table.cell(4, 2), "Trang: ", size=11)
    _page_field(page)
    return table


def _signature_table(doc, data):
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    roles = list(SIGNATURE_HEADINGS)
    for c, role in enumerate(roles, start=1):
        _para(table.cell(0, c), SIGNATURE_HEADINGS[role], bold=True, center=True)
    for r, label in enumerate(("Họ và tên", "Chức vụ", "Chữ ký"), start=1):
        _para(table.cell(r, 0), label, bold=True)
    for c, role in enumerate(roles, start=1):
        signers = [s for s in data.signers if s.get("role") == role]
        _para(table.cell(1, c), "; ".join(s["name"] for s in signers), bold=True, center=True)
        _para(table.cell(2, c), "; ".join(s.get("title", "") for s in signers if s.get("title")), center=True)
        how = "; ".join(f"{s.get('how', '')} {_date(s.get('date'))}".strip() for s in signers)
        _para(table.cell(3, c), how, italic=True, center=True, size=10)


def _history_table(doc, data):
    headings = ["STT", "Ngày hiệu lực", "Vị trí", "Nội dung sửa đổi", "Lần ban hành/sửa đổi"]
    table = doc.add_table(rows=2, cols=len(headings))
    table.style = "Table Grid"
    title = table.cell(0, 0).merge(table.cell(0, len(headings) - 1))
    _para(title, "THEO DÕI SỬA ĐỔI TÀI LIỆU", bold=True, center=True)
    for c, text in enumerate(headings):
        _para(table.cell(1, c), text, bold=True, center=True)
    for number, row in enumerate(data.history, start=1):
        cells = table.add_row().cells
        values = [
            str(number),
            _date(row.get("date")),
            row.get("location", ""),
            row.get("content", ""),
            row.get("edition", ""),
        ]
        for cell, value in zip(cells, values, strict=True):
            _para(cell, value)


def _runs(paragraph, node, bold=False, italic=False):
    for child in node.children:
        if isinstance(child, NavigableString):
            text = str(child)
            if text:
                run = paragraph.add_run(text)
                run.bold, run.italic = bold or None, italic or None
        elif isinstance(child, Tag):
            if child.name == "br":
                paragraph.add_run().add_break()
            else:
                _runs(paragraph, child, bold or child.name in ("b", "strong"), italic or child.name in ("i", "em"))


def _rich_text(doc, html):
    soup = BeautifulSoup(html or "", "html.parser")
    for node in soup.children:
        if isinstance(node, NavigableString):
            if str(node).strip():
                doc.add_paragraph(str(node).strip())
        elif node.name in ("ul", "ol"):
            style = "List Bullet" if node.name == "ul" else "List Number"
            for item in node.find_all("li", recursive=False):
                _runs(doc.add_paragraph(style=style), item)
        elif node.name in ("h3", "h4"):
            _runs(doc.add_paragraph(style="Heading 3" if node.name == "h3" else "Heading 4"), node)
        else:
            _runs(doc.add_paragraph(), node)


def _grid_table(doc, headings, rows):
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        _para(cell, text, bold=True, center=True)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            for line in str(value or "").split("\n") or [""]:
                _para(cell, line)
    return table


def _table_block(doc, value):
    data = value.get("data") or []
    if not data or not data[0]:
        return
    table = doc.add_table(rows=len(data), cols=max(len(row) for row in data))
    table.style = "Table Grid"
    hidden = set()
    for merge in value.get("mergeCells") or []:
        r, c = merge["row"], merge["col"]
        rr, cc = r + merge.get("rowspan", 1) - 1, c + merge.get("colspan", 1) - 1
        table.cell(r, c).merge(table.cell(rr, cc))
        hidden |= {(i, j) for i in range(r, rr + 1) for j in range(c, cc + 1)} - {(r, c)}
    header = value.get("first_row_is_table_header")
    for r, row in enumerate(data):
        for c, text in enumerate(row):
            if (r, c) in hidden:
                continue
            cell = table.cell(r, c)
            for line in str(text or "").split("\n"):
                _para(cell, line, bold=bool(header and r == 0))


def _body(doc, data):
    number = 0
    previous = None
    for kind, value in data.body:
        if kind == "section":
            same = previous and previous[0] == "section_like" and previous[1] == (value["kind"], value["heading"])
            if not same:
                number += 1
                heading = strip_numbering(value["heading"]) or default_heading(kind, value)
                _para(doc, f"{number}. {heading}", bold=True)
            _rich_text(doc, value.get("body", ""))
            previous = ("section_like", (value["kind"], value["heading"]))
            continue
        if kind == "steps_table":
            _para(doc, value.get("heading") or "Trình tự thực hiện", bold=True)
            if value.get("processing_time_days") is not None:
                _para(doc, f"Thời gian xử lý: {format_days(value['processing_time_days'])} ngày làm việc", italic=True)
            rows = []
            for step in value.get("steps", []):
                if step.get("time_note"):
                    time = step["time_note"]
                elif step.get("time_days") is not None:
                    time = f"{format_days(step['time_days'])} ngày"
                else:
                    time = ""
                rows.append(
                    [
                        step.get("step", ""),
                        step.get("action", ""),
                        step.get("responsible", ""),
                        time,
                        step.get("result", ""),
                    ]
                )
            _grid_table(doc, ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu, kết quả"], rows)
        elif kind == "records_kept":
            number += 1
            _para(doc, f"{number}. {strip_numbering(value.get('heading')) or 'Hồ sơ lưu'}", bold=True)
            rows = [
                [
                    str(i),
                    r.get("record", ""),
                    r.get("form_code", ""),
                    r.get("keeper", ""),
                    r.get("retention", ""),
                    r.get("place", ""),
                ]
                for i, r in enumerate(value.get("records", []), start=1)
            ]
            _grid_table(doc, ["TT", "Tên hồ sơ", "Mã biểu mẫu", "Trách nhiệm lưu", "Thời gian lưu", "Nơi lưu"], rows)
        elif kind == "legal_basis":
            _para(doc, value.get("heading") or "Cơ sở pháp lý", bold=True)
            for item in value.get("items", []):
                doc.add_paragraph(item, style="List Bullet")
        elif kind == "forms":
            _para(doc, value.get("heading") or "Biểu mẫu", bold=True)
            for form in value.get("forms", []):
                doc.add_paragraph(f"{form.get('code', '')} – {form.get('title', '')}", style="List Bullet")
        elif kind == "table":
            _table_block(doc, value)
        elif kind == "image":
            content = data.images.get(value.get("image"))
            if content:
                doc.add_picture(io.BytesIO(content), width=Mm(150))
                if value.get("caption"):
                    _para(doc, value["caption"], italic=True, center=True)
        # A table or image ends a section's text; a section block after it with the
        # same heading continues that section (procedures.wordio.reading splits it so).
        if kind not in ("table", "image"):
            previous = (kind, None)


def write_docx(data):
    """The .docx bytes of a :class:`WordDocument`."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    _header_table(doc, data)
    if data.stamp_line:
        _para(doc, data.stamp_line, italic=True, center=True, size=10)
    _para(doc)
    _signature_table(doc, data)
    _para(doc)
    _history_table(doc, data)
    _para(doc)
    _body(doc, data)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
