"""Reading a table of monthly figures per procedure (.xlsx or .csv): the reader both kinds of
upload share (planning.onestop_import: dossier statistics; planning.satisfaction_import: survey
results).

The first row names the columns; their order does not matter, and Vietnamese or English headers
are understood. Each row is one procedure in one month: the procedure's code (the code of a
controlled document of the agency, QT-01), the month (MM/YYYY, a date, or YYYY-MM), then the
kind's whole numbers (:class:`MonthlyTable`). Every row is checked before any is written: one bad
cell, an unknown code, a row repeated or a month already recorded rejects the whole file, and
each problem names its row and column ("Row N, column X: …").
"""

import contextlib
import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

# Folded header text (no accents, lower case, single spaces) -> field: the columns every kind has.
KEY_COLUMNS = {
    "ma thu tuc": "code",
    "ma quy trinh": "code",
    "ma": "code",
    "procedure": "code",
    "procedure code": "code",
    "code": "code",
    "thang": "month",
    "ky": "month",
    "month": "month",
}
MAX_ROWS = 20000


class ImportRejected(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def fold(text):
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _read_rows(name, data):
    """The file's rows as lists of cell values; ImportRejected if it is neither a workbook nor a CSV."""
    if name.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRejected([_("The CSV file is not UTF-8 text.")]) from None
        dialect = csv.excel
        with contextlib.suppress(csv.Error):  # no delimiter found: a one-column file, read as CSV
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        return list(csv.reader(io.StringIO(text), dialect))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same answer
        raise ImportRejected([_("The file is neither an .xlsx workbook nor a .csv file.")]) from None
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _month(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = str(value or "").strip()
    for pattern in (r"^(\d{1,2})[/.-](\d{4})$", r"^(\d{4})[/.-](\d{1,2})$", r"^\d{1,2}[/.-](\d{1,2})[/.-](\d{4})$"):
        match = re.match(pattern, text)
        if match:
            first, second = match.groups()
            month, year = (int(second), int(first)) if len(first) == 4 else (int(first), int(second))
            if 1 <= month <= 12 and 1900 < year < 2200:
                return datetime.date(year, month, 1)
    return None


def _count(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value >= 0 and value == int(value) else None
    text = str(value or "").strip().replace(".", "").replace(",", "")
    return int(text) if text.isdigit() else None


def _blank(row):
    return not any(str(c or "").strip() for c in row)


def table_rows(name, data):
    """The file's rows without the empty ones at its end; ImportRejected if empty or too long."""
    rows = _read_rows(name, data)
    while rows and _blank(rows[-1]):
        rows.pop()
    if not rows:
        raise ImportRejected([_("The file is empty.")])
    if len(rows) > MAX_ROWS:
        raise ImportRejected([_("The file has more than %(max)s rows.") % {"max": MAX_ROWS}])
    return rows


def header_positions(headers, columns, fields, labels):
    """{field: index of its column} from the header row; ImportRejected naming the missing columns."""
    positions = {}
    for index, header in enumerate(headers):
        field = columns.get(fold(header))
        if field and field not in positions:
            positions[field] = index
    missing = [labels[field] for field in fields if field not in positions]
    if missing:
        raise ImportRejected([_("Row 1: the column(s) %(columns)s are missing.") % {"columns": ", ".join(missing)}])
    return positions


def procedures_by_code(agency):
    """{CODE: controlled document of the agency}: the codes a file may name."""
    from procedures.models import ControlledDocumentPage

    return {
        d.code.upper(): d
        for d in ControlledDocumentPage.objects.filter(library__agency=agency)
        .exclude(code="")
        .select_related("owner_department")
    }


def row_error(number, label, message):
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {"row": number, "column": label, "message": message}


def _no_contradiction(counts):
    return None


@dataclass(frozen=True)
class MonthlyTable:
    """One kind of table: after the procedure's code and the month, whole numbers.

    The texts are lazy (gettext_lazy), translated when a file is read.
    """

    columns: dict  # folded header -> count field, besides KEY_COLUMNS
    labels: Callable  # () -> {count field: its column's name}, in the order the columns are checked
    not_a_count: str  # the error of a cell that is not a whole number
    row: type  # row(number, document, month, **counts)
    recorded: type  # the model of the rows already recorded, by document and month
    already_recorded: str  # "%(code)s %(month)s was already …"
    no_rows: str  # the error of a file without a row
    # (counts) -> (field, message) when the numbers of a row contradict each other, else None.
    contradiction: Callable = _no_contradiction

    def parse(self, agency, name, data):
        """The checked rows of the file for this agency; ImportRejected naming every bad row and column."""
        rows = table_rows(name, data)
        labels = {"code": _("procedure code"), "month": _("month"), **self.labels()}
        counted = [field for field in labels if field not in ("code", "month")]
        positions = header_positions(rows[0], {**KEY_COLUMNS, **self.columns}, tuple(labels), labels)
        documents = procedures_by_code(agency)
        errors, checked, seen = [], [], {}
        for number, raw in enumerate(rows[1:], start=2):
            if _blank(raw):
                continue
            cells = {field: (raw[i] if i < len(raw) else None) for field, i in positions.items()}

            def bad(field, message, number=number):
                errors.append(row_error(number, labels[field], message))

            code = str(cells["code"] or "").strip().upper()
            document = documents.get(code)
            if not code:
                bad("code", _("empty"))
            elif document is None:
                bad("code", _("no procedure of the agency has the code %(code)s") % {"code": code})
            month = _month(cells["month"])
            if month is None:
                bad("month", _("not a month (write MM/YYYY)"))
            counts = {field: _count(cells[field]) for field in counted}
            for field, value in counts.items():
                if value is None:
                    bad(field, self.not_a_count)
            if None in counts.values():
                continue
            if contradiction := self.contradiction(counts):
                bad(*contradiction)
                continue
            if document is None or month is None:
                continue
            if (document.pk, month) in seen:
                bad(
                    "month",
                    _("%(code)s %(month)s already appears in row %(row)s")
                    % {"code": code, "month": f"{month:%m/%Y}", "row": seen[(document.pk, month)]},
                )
                continue
            seen[(document.pk, month)] = number
            checked.append(self.row(number, document, month, **counts))
        errors += self._recorded_before(checked, labels["month"])
        if not errors and not checked:
            errors.append(str(self.no_rows))
        if errors:
            raise ImportRejected(errors)
        return checked

    def _recorded_before(self, checked, label):
        """The errors of the rows whose procedure and month are already recorded (one query)."""
        if not checked:
            return []
        done = set(
            self.recorded.objects.filter(
                document_id__in={r.document.pk for r in checked}, month__in={r.month for r in checked}
            ).values_list("document_id", "month")
        )
        return [
            row_error(
                row.number,
                label,
                self.already_recorded % {"code": row.document.code, "month": f"{row.month:%m/%Y}"},
            )
            for row in checked
            if (row.document.pk, row.month) in done
        ]
