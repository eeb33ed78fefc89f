"""Reading the monthly dossier statistics the one-stop software exports (.xlsx or .csv).

The first row names the columns; their order does not matter, and Vietnamese
or English headers are understood (``COLUMNS``). Each row is one procedure in
one month: the procedure's code (the code of a controlled document of the
agency, QT-01), the month (MM/YYYY, a date, or YYYY-MM), the dossiers received,
settled on time, settled late and pending. Every row is checked before any is
written: one bad cell, an unknown code or a month already imported rejects the
whole file, and each problem names its row and column.
"""

import contextlib
import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from planning.models import DossierStatistic, OneStopImport

FIELDS = ("code", "month", "received", "on_time", "late", "pending")
# Folded header text (no accents, lower case, single spaces) -> field.
COLUMNS = {
    "ma thu tuc": "code",
    "ma quy trinh": "code",
    "ma": "code",
    "procedure": "code",
    "procedure code": "code",
    "code": "code",
    "thang": "month",
    "ky": "month",
    "month": "month",
    "tiep nhan": "received",
    "so ho so tiep nhan": "received",
    "received": "received",
    "dung han": "on_time",
    "giai quyet dung han": "on_time",
    "da giai quyet dung han": "on_time",
    "on time": "on_time",
    "settled on time": "on_time",
    "tre han": "late",
    "qua han": "late",
    "giai quyet tre han": "late",
    "da giai quyet qua han": "late",
    "late": "late",
    "settled late": "late",
    "dang giai quyet": "pending",
    "ton": "pending",
    "pending": "pending",
}
MAX_ROWS = 20000


def fold(text):
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def column_labels():
    return {
        "code": _("procedure code"),
        "month": _("month"),
        "received": _("received"),
        "on_time": _("settled on time"),
        "late": _("settled late"),
        "pending": _("pending"),
    }


@dataclass
class Row:
    number: int  # the row of the file (1 = the headers)
    document: object
    month: datetime.date
    received: int
    on_time: int
    late: int
    pending: int


class ImportRejected(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


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


def table_rows(name, data):
    """The file's rows without the empty ones at its end; ImportRejected if empty or too long."""
    rows = [row for row in _read_rows(name, data)]
    while rows and not any(str(c or "").strip() for c in rows[-1]):
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


def parse(agency, name, data):
    """The checked rows of the file for this agency; ImportRejected naming every bad row and column."""
    rows = table_rows(name, data)
    labels = column_labels()
    positions = header_positions(rows[0], COLUMNS, FIELDS, labels)
    documents = procedures_by_code(agency)
    errors, checked, seen = [], [], {}
    for number, raw in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in raw):
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
        counts = {}
        for field in ("received", "on_time", "late", "pending"):
            counts[field] = _count(cells[field])
            if counts[field] is None:
                bad(field, _("not a whole number of dossiers"))
        if document is None or month is None or None in counts.values():
            continue
        if (document.pk, month) in seen:
            bad(
                "month",
                _("%(code)s %(month)s already appears in row %(row)s")
                % {"code": code, "month": f"{month:%m/%Y}", "row": seen[(document.pk, month)]},
            )
            continue
        seen[(document.pk, month)] = number
        checked.append(Row(number, document, month, **counts))
    if checked:
        done = DossierStatistic.objects.filter(
            document_id__in={r.document.pk for r in checked}, month__in={r.month for r in checked}
        ).values_list("document_id", "month")
        done = set(done)
        for row in checked:
            if (row.document.pk, row.month) in done:
                errors.append(
                    _("Row %(row)s, column “%(column)s”: %(code)s %(month)s was already imported")
                    % {
                        "row": row.number,
                        "column": labels["month"],
                        "code": row.document.code,
                        "month": f"{row.month:%m/%Y}",
                    }
                )
    if not errors and not checked:
        errors.append(_("The file holds no rows of statistics."))
    if errors:
        raise ImportRejected(errors)
    return checked


def read_stored(upload):
    with upload.file.open("rb") as stored:
        return stored.read()


def preview(upload):
    """(rows, errors) of a stored upload, without writing anything."""
    try:
        return parse(upload.agency, upload.original_name, read_stored(upload)), []
    except ImportRejected as rejected:
        return [], rejected.errors


def confirm(upload, user, parse=parse, write=None):
    """Write every row of the upload, or none: (number of rows, errors). ``parse`` and ``write``
    (rows, upload, user -> number written) are those of the upload's kind (planning.imports)."""
    with transaction.atomic():
        upload = OneStopImport.objects.select_for_update().get(pk=upload.pk)
        if upload.status != OneStopImport.Status.UPLOADED:
            return 0, [_("This file was already imported or rejected.")]
        try:
            rows = parse(upload.agency, upload.original_name, read_stored(upload))
        except ImportRejected as rejected:
            upload.status = OneStopImport.Status.REJECTED
            upload.errors = "\n".join(rejected.errors)
            upload._history_user = user
            upload.save()
            return 0, rejected.errors
        count = (write or write_statistics)(rows, upload, user)
        upload.status = OneStopImport.Status.IMPORTED
        upload.rows = count
        upload.imported_at = timezone.now()
        upload._history_user = user
        upload.save()
    return count, []


def write_statistics(rows, upload, user):
    statistics = [
        DossierStatistic(
            agency_id=upload.agency_id,
            source=upload,
            document=row.document,
            department_id=row.document.owner_department_id,
            month=row.month,
            received=row.received,
            on_time=row.on_time,
            late=row.late,
            pending=row.pending,
        )
        for row in rows
    ]
    bulk_create_with_history(statistics, DossierStatistic, default_user=user)
    return len(statistics)
