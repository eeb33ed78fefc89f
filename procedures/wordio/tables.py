"""The tables of a Vietnamese procedure, read from the .docx itself with python-docx.

mammoth's HTML keeps a table's text but not always its merged cells (a
responsible department merged down three steps comes out once, the other
rows empty), and the structured tables (header, signatures, amendment history,
steps, records kept) depend on which cell spans which. So these tables are
read from the WordprocessingML directly: each ``w:tc`` with its ``w:gridSpan``
(merged across) and ``w:vMerge`` (merged down) laid on a grid, every grid cell
holding the text of the cell that covers it. Columns are then recognised by
their Vietnamese headings, never by position.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from docx.oxml.ns import qn

from qms.vietnamese import fold


@dataclass
class Grid:
    """A table as a rectangle of texts; ``spans`` are Wagtail table-block merges."""

    rows: list  # list of list of str: the text of the covering cell, in every grid cell it covers
    spans: list = field(default_factory=list)  # [{"row", "col", "rowspan", "colspan"}]
    origin: set = field(default_factory=set)  # (row, col) of each cell's top-left grid cell

    @property
    def width(self):
        return max((len(row) for row in self.rows), default=0)

    def text(self):
        cells = [self.rows[r][c] for r, c in sorted(self.origin) if r < 3]
        return " | ".join(" ".join(cell.split()) for cell in cells if cell)[:300]


def cell_text(tc):
    """The paragraphs of a cell, one per line."""
    lines = []
    for paragraph in tc.iter(qn("w:p")):
        parts = []
        for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            else:
                parts.append("\n" if node.tag == qn("w:br") else " ")
        text = "".join(parts)
        lines.append(text.strip())
    return "\n".join(line for line in lines if line)


def read_grid(tbl):
    """The grid of a ``w:tbl`` element, merges resolved."""
    rows = []
    spans = []
    origin = set()
    open_vertical = {}  # column -> (row, col) of the cell a vMerge continues
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        row = []
        col = 0
        for tc in tr.iterchildren(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            span = 1
            vmerge = None
            if tc_pr is not None:
                grid_span = tc_pr.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(1, int(grid_span.get(qn("w:val"), "1")))
                v = tc_pr.find(qn("w:vMerge"))
                if v is not None:
                    vmerge = v.get(qn("w:val"), "continue")
            if vmerge == "continue" and col in open_vertical:
                top_r, top_c = open_vertical[col]
                text = rows[top_r][top_c]
                for merge in spans:
                    if merge["row"] == top_r and merge["col"] == top_c:
                        merge["rowspan"] = r - top_r + 1
                        break
                else:
                    spans.append({"row": top_r, "col": top_c, "rowspan": r - top_r + 1, "colspan": span})
            else:
                text = cell_text(tc)
                origin.add((r, col))
                if span > 1:
                    spans.append({"row": r, "col": col, "rowspan": 1, "colspan": span})
                if vmerge == "restart":
                    open_vertical[col] = (r, col)
                else:
                    open_vertical.pop(col, None)
            row.extend([text] * span)
            col += span
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    return Grid(rows=rows, spans=spans, origin=origin)


# Recognising a table ----------------------------------------------------------


def folded(text):
    return " ".join(fold(text).lower().split())


HEADER_MARKS = ("ma so", "ma hieu", "ma tai lieu")
SIGNATURE_MARKS = {
    "prepared": ("soan thao", "bien soan", "nguoi viet", "nguoi lap"),
    "reviewed": ("xem xet", "soat xet", "kiem tra"),
    "approved": ("phe duyet", "nguoi duyet", "duyet"),
}
STEP_COLUMNS = {
    "step": ("buoc", "stt", "tt"),
    "action": ("noi dung", "trinh tu", "cong viec"),
    "responsible": ("trach nhiem", "thuc hien", "nguoi thuc hien", "bo phan"),
    "time": ("thoi gian",),
    "result": ("bieu mau", "ket qua", "ho so"),
}
AMENDMENT_COLUMNS = {
    "no": ("stt", "tt"),
    "date": ("ngay",),
    "location": ("vi tri", "trang", "muc"),
    "content": ("noi dung",),
    "edition": ("lan ban hanh", "lan sua doi", "ban hanh"),
}
RECORD_COLUMNS = {
    "record": ("ten ho so", "ho so"),
    "form_code": ("ma", "bieu mau", "ky hieu"),
    "keeper": ("trach nhiem luu", "nguoi luu", "bo phan luu", "don vi luu", "luu tru"),
    "retention": ("thoi gian luu", "thoi han luu"),
    "place": ("noi luu", "dia diem"),
}


def _match_columns(header, columns):
    """{field: column index} for a header row, each column used once, the most specific words first."""
    found = {}
    taken = set()
    candidates = []
    for name, words in columns.items():
        for word in words:
            candidates.append((len(word), name, word))
    for _length, name, word in sorted(candidates, reverse=True):
        if name in found:
            continue
        for index, cell in enumerate(header):
            if index in taken:
                continue
            text = folded(cell)
            if re.search(rf"(^|[^a-z]){re.escape(word)}([^a-z]|$)", text):
                found[name] = index
                taken.add(index)
                break
    return found


def _header_row(grid, columns, required):
    for index, row in enumerate(grid.rows[:4]):
        found = _match_columns(row, columns)
        if set(required) <= set(found):
            return index, found
    return None, None


def classify(grid):
    """("header" | "signatures" | "amendments" | "steps" | "records" | "table", details)."""
    all_text = folded(" ".join(cell for row in grid.rows for cell in row))
    if any(mark in all_text for mark in HEADER_MARKS) and ("ban hanh" in all_text or "hieu luc" in all_text):
        return "header", None
    first_rows = folded(" ".join(cell for row in grid.rows[:2] for cell in row))
    roles_seen = [role for role, words in SIGNATURE_MARKS.items() if any(word in first_rows for word in words)]
    if len(roles_seen) >= 2 and "noi dung" not in first_rows:
        return "signatures", None
    if "sua doi" in first_rows or "theo doi" in first_rows:
        index, columns = _header_row(grid, AMENDMENT_COLUMNS, ("content",))
        if index is not None and ("date" in columns or "edition" in columns):
            return "amendments", (index, columns)
    index, columns = _header_row(grid, STEP_COLUMNS, ("action", "responsible"))
    if index is not None and ("step" in columns or "time" in columns):
        return "steps", (index, columns)
    index, columns = _header_row(grid, RECORD_COLUMNS, ("record", "retention"))
    if index is not None:
        return "records", (index, columns)
    return "table", None


# Reading each kind -----------------------------------------------------------

LABELS = {
    "code": r"m[aã] (?:s[oố]|hi[eệ]u|t[aà]i li[eệ]u)",
    "edition": r"l[aầ]n ban h[aà]nh",
    "amendment": r"l[aầ]n s[uử]a [dđ][oổ]i",
    "effective_date": r"ng[aà]y (?:hi[eệ]u l[uự]c|ban h[aà]nh|c[oó] hi[eệ]u l[uự]c)",
}
DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
NUMBER = re.compile(r"\d+")


def parse_date(text):
    match = DATE.search(text or "")
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _value_after(line, label):
    match = re.search(label + r"[^:\n]*[:：]?\s*(.*)", line, flags=re.IGNORECASE)
    return match.group(1).strip() if match else None


def read_header(grid):
    """{code, title, agency, edition, amendment, effective_date} from the header table."""
    result = {}
    meta_cells = set()
    seen = set()
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if (r, c) not in grid.origin or not text:
                continue
            for line in text.split("\n"):
                for name, label in LABELS.items():
                    if name in result or not re.search(label, line, flags=re.IGNORECASE):
                        continue
                    value = _value_after(line, label)
                    if not value:
                        # The value in the next cell of the row ("Mã số" | "QT-01").
                        nxt = row[c + 1] if c + 1 < len(row) else ""
                        value = nxt.split("\n")[0].strip()
                        meta_cells.add((r, c + 1))
                    meta_cells.add((r, c))
                    if name == "edition" and re.search(LABELS["amendment"], line, flags=re.IGNORECASE):
                        # "Lần ban hành/sửa đổi: 03/01"
                        numbers = NUMBER.findall(value)
                        if len(numbers) >= 2:
                            result["edition"], result["amendment"] = int(numbers[0]), int(numbers[1])
                            continue
                    if name == "effective_date":
                        result[name] = parse_date(value)
                    elif name in ("edition", "amendment"):
                        number = NUMBER.search(value)
                        if number:
                            result[name] = int(number.group())
                    else:
                        result[name] = value.split()[0] if value else ""
            seen.add((r, c))
    others = [
        (r, c, grid.rows[r][c])
        for r, c in sorted(grid.origin)
        if (r, c) not in meta_cells and grid.rows[r][c] and not re.search("trang", folded(grid.rows[r][c])[:6])
    ]
    if others:
        result["agency"] = " ".join(others[0][2].split("\n"))
        titles = [text for r, c, text in others[1:] if r == others[0][0]] or [text for _r, _c, text in others[1:]]
        if titles:
            result["title"] = " ".join(" ".join(titles[0].split("\n")).split())
    return result


def read_signatures(grid):
    """[{role, name, title}] of the paper signers, by the column of their role."""
    header_index = None
    columns = {}
    for index, row in enumerate(grid.rows[:3]):
        for c, cell in enumerate(row):
            text = folded(cell)
            for role, words in SIGNATURE_MARKS.items():
                if role not in columns and any(word in text for word in words):
                    columns[role] = c
        if len(columns) >= 2:
            header_index = index
            break
    if header_index is None:
        return []
    label_rows = {}
    for r in range(header_index + 1, len(grid.rows)):
        label = folded(grid.rows[r][0])
        if "ho" in label and "ten" in label:
            label_rows["name"] = r
        elif "chuc vu" in label or "chuc danh" in label:
            label_rows["title"] = r
        elif "ngay" in label:
            label_rows["date"] = r
    signers = []
    for role, c in columns.items():
        if "name" in label_rows:
            name = grid.rows[label_rows["name"]][c].strip()
            title = grid.rows[label_rows["title"]][c].strip() if "title" in label_rows else ""
            when = grid.rows[label_rows["date"]][c].strip() if "date" in label_rows else ""
        else:
            lines = [
                line
                for r in range(header_index + 1, len(grid.rows))
                for line in grid.rows[r][c].split("\n")
                if line.strip() and not re.match(r"^\(?\s*(đã ký|da ky|ký|chữ ký)", line.strip(), re.IGNORECASE)
            ]
            name = lines[-1].strip() if lines else ""
            title = " ".join(lines[:-1]).strip()
            when = ""
        # Several people of one role share the cell, separated by ";" (as the exporter writes them).
        names = [" ".join(n.split()) for n in name.split(";") if n.strip()]
        titles = [" ".join(t.split()) for t in title.split(";")] if ";" in title else [" ".join(title.split())]
        parsed = parse_date(when)
        for index, person in enumerate(names):
            signer = {"role": role, "name": person, "title": titles[index] if index < len(titles) else ""}
            if parsed:
                signer["date"] = parsed.isoformat()
            signers.append(signer)
    return signers


def _rows_after(grid, index):
    seen = set()
    for r in range(index + 1, len(grid.rows)):
        row = tuple(grid.rows[r])
        if not any(cell.strip() for cell in row):
            continue
        if row in seen and not any((r, c) in grid.origin for c in range(len(row))):
            continue
        seen.add(row)
        yield r, grid.rows[r]


def read_amendments(grid, details):
    index, columns = details
    rows = []
    for _r, row in _rows_after(grid, index):
        content = row[columns["content"]].strip()
        if not content:
            continue
        entry = {"content": content}
        if "date" in columns:
            parsed = parse_date(row[columns["date"]])
            entry["date"] = parsed.isoformat() if parsed else row[columns["date"]].strip()
        for name in ("location", "edition"):
            if name in columns:
                entry[name] = " ".join(row[columns[name]].split())
        rows.append(entry)
    return rows


DAYS = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(ng[aà]y|gi[oờ]|h)\b", re.IGNORECASE)


def parse_time(text):
    """(days, note): '0,5 ngày' -> (0.5, ""), '4 giờ' -> (0.5, ""), 'Giờ hành chính' -> (None, text)."""
    text = " ".join((text or "").split())
    match = DAYS.match(text)
    if match and match.end() >= len(text.rstrip(". ")) - len(" làm việc"):
        try:
            number = Decimal(match.group(1).replace(",", "."))
        except InvalidOperation:
            return None, text[:100]
        if folded(match.group(2)).startswith(("gio", "h")):
            number = number / 8
        return number.quantize(Decimal("0.01")).normalize(), ""
    return None, text[:100]


def read_steps(grid, details):
    """The steps of a steps table; a cell merged down several steps is given to each of them."""
    index, columns = details
    steps = []
    for _r, row in _rows_after(grid, index):

        def get(name, row=row):
            return row[columns[name]].strip() if name in columns else ""

        if folded(get("action")) in ("", folded(grid.rows[index][columns["action"]])):
            continue
        days, note = parse_time(get("time"))
        steps.append(
            {
                "step": (get("step") or f"B{len(steps) + 1}")[:20],
                "action": get("action"),
                "responsible": (get("responsible") or "—")[:255],
                "time_days": days,
                "time_note": note,
                "result": get("result")[:255],
            }
        )
    return steps


def read_records(grid, details):
    index, columns = details
    records = []
    for _r, row in _rows_after(grid, index):
        record = {name: (row[c].strip() if c < len(row) else "") for name, c in columns.items()}
        if not record.get("record"):
            continue
        records.append(
            {
                "record_type": None,
                "record": " ".join(record["record"].split())[:255],
                "form_code": record.get("form_code", "")[:50],
                "keeper": (record.get("keeper") or "—")[:255],
                "retention": (record.get("retention") or "—")[:100],
                "place": record.get("place", "")[:255],
            }
        )
    return records


def table_block_value(grid):
    """A Wagtail table-block value of any other table, merges kept."""
    return {
        "data": [list(row) for row in grid.rows],
        "mergeCells": list(grid.spans),
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "",
    }
