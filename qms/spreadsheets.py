"""Every spreadsheet the product writes (.xlsx and .csv), with Vietnamese headers,
as agencies keep their registers in Excel.

Each .xlsx sheet is laid out as the form the agency files, not a raw dump:
the agency block at the top left (superior body, then the agency's name in
bold) and the national motto at the top right, the date it was made, the
title in capitals, then the table: an "STT" column numbered 1..n, a bold
bordered header row that stays frozen and filters, real date cells, widths
from the content, and an A4 landscape print set-up fitted to the width with
the header row repeated on every page. ``workbook`` does it for the
product's own exports and, through ``guard_wagtail_exports``, for Wagtail's
admin listing exports. openpyxl writes the cells; the layout is ours because
no library knows the Vietnamese administrative form (Nghị định 30/2020).

Text typed by users goes into these files (a corrective action's root cause, a
page title). A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return would be read by Excel or LibreOffice as a formula
(``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``): ``safe_cell`` gives such text a
leading apostrophe, the OWASP advice against CSV injection, and the .xlsx
cell is stored as a string, never a formula. Numbers and dates stay what they
are. Every writer goes through ``safe_cell``: ``workbook`` here, and Wagtail's
spreadsheet exports (the document register, the admin reports) through
``guard_wagtail_exports``, installed when the app starts (qms/apps.py).
"""

import datetime
import decimal
import math
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The national heading of every administrative document (Nghị định 30/2020/NĐ-CP), always in Vietnamese.
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
FONT = "Times New Roman"
SHEET_NAME_FORBIDDEN = "[]:*?/\\"
SHEET_NAME_LENGTH = 31

# Column widths, in characters: bounded so that long text wraps rather than making a sheet no page can hold.
NUMBER_WIDTH = 6
MIN_WIDTH = 8
MAX_WIDTH = 40
HEADER_LINE = 18  # a header wraps after about this many characters
CHARACTERS_PER_WIDTH = 1.4  # 11 pt Times New Roman letters are narrower than the width unit (a Calibri digit)
# Merged letterhead cells do not grow: the blocks take as many columns as their longest line needs.
BOLD_CAPITALS = 1.25
LINE_HEIGHT = 16.5  # points, a line of 12 pt Times New Roman with Vietnamese marks
TABLE_LINE_HEIGHT = 15  # points, a line of 11 pt; rows are given their height, as LibreOffice does not fit them
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def safe_cell(value):
    """``value`` as it may go into a spreadsheet cell: text that a spreadsheet
    would run as a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_value(value):
    """What a cell holds: dates and times as dates (local time), numbers as numbers, anything else as safe text."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | int | float | decimal.Decimal) and not isinstance(value, bool):
        return value
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return safe_cell(str(value))


def sheet_name(title):
    """A sheet name Excel accepts: no ``[]:*?/\\``, no leading or trailing apostrophe, at most 31 characters."""
    name = "".join("-" if char in SHEET_NAME_FORBIDDEN else char for char in str(title))
    name = " ".join(name.split()).strip("'")[:SHEET_NAME_LENGTH].strip()
    return name or _("List")


def text_length(value):
    """The width, in characters, the value takes written in a cell."""
    if isinstance(value, datetime.datetime):
        return len("00/00/0000 00:00")
    if isinstance(value, datetime.date):
        return len("00/00/0000")
    if value is None:
        return 0
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_width(header, values):
    words = max((len(word) for word in str(header).split()), default=0)
    needed = max([words, min(len(str(header)), HEADER_LINE), *(text_length(v) for v in values)])
    return max(MIN_WIDTH, min(MAX_WIDTH, needed + 2))


def lines_needed(value, width):
    """How many lines the value wraps to in a column ``width`` characters wide (a generous estimate)."""
    if not isinstance(value, str) or not value:
        return 1
    usable = max(1, int(width * CHARACTERS_PER_WIDTH) - 2)
    return sum(max(1, math.ceil(len(line) / usable)) for line in value.splitlines() or [""])


def date_line(made_on):
    return _("Exported on %(date)s") % {"date": made_on.strftime("%d/%m/%Y")}


def letterhead_lines(agency):
    """The agency block's lines: (text, bold); the superior body first when the agency has one."""
    if agency is None:
        return []
    lines = []
    superior = (getattr(agency, "superior_body", "") or "").strip()
    if superior:
        lines.append((superior.upper(), False))
    name = (getattr(agency, "agency_name", "") or str(agency)).strip()
    if name:
        lines.append((name.upper(), True))
    return lines


def block_columns(widths, left_needed, right_needed):
    """(last column of the agency block, first column of the motto block), widening the
    last columns when the table is too narrow for both blocks side by side."""
    count = len(widths)
    left_end, total = count, 0
    for index, width in enumerate(widths, start=1):
        total += width
        if total >= left_needed:
            left_end = index
            break
    if left_end >= count:
        widths.append(right_needed)  # one column beyond the table holds the motto
        return left_end, count + 1
    right_start = left_end + 1
    for start in range(count, left_end, -1):
        if sum(widths[start - 1 :]) >= right_needed:
            right_start = start
            break
    else:
        widths[-1] += right_needed - sum(widths[left_end:])
    return left_end, right_start


def _put(sheet, row, first, last, value, font, horizontal="center", wrap=False):
    cell = sheet.cell(row=row, column=first, value=value)
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    return cell


def write_sheet(sheet, title, headers, rows, *, agency=None, totals=(), made_on=None):
    """Lay out one sheet as the agency's form. ``headers`` and ``rows`` are the table without
    its "STT" column, which is added and numbered here; ``totals`` are rows after the
    numbered ones (a "Tổng cộng" line), bold and unnumbered."""
    rows = [[cell_value(v) for v in row] for row in rows]
    totals = [[cell_value(v) for v in row] for row in totals]
    headers = [_("No."), *(safe_cell(str(h)) for h in headers)]
    table = [[number, *row] for number, row in enumerate(rows, start=1)] + [[None, *row] for row in totals]
    count = len(headers)
    widths = [NUMBER_WIDTH] + [
        column_width(header, [line[index] for line in table if index < len(line)])
        for index, header in enumerate(headers[1:], start=1)
    ]
    widths[0] = max(NUMBER_WIDTH, len(headers[0]) + 2)

    # The letterhead: agency block left, national motto right, the date under the motto.
    left = letterhead_lines(agency)
    left_needed = max((len(text) for text, _bold in left), default=0) * BOLD_CAPITALS + 2
    right_needed = len(NATION) * BOLD_CAPITALS + 2
    left_end, right_start = block_columns(widths, left_needed, right_needed)
    last_column = len(widths)
    regular, bold = Font(name=FONT, size=12), Font(name=FONT, size=12, bold=True)
    for row, (text, is_bold) in enumerate(left, start=1):
        _put(sheet, row, 1, left_end, text, bold if is_bold else regular)
    _put(sheet, 1, right_start, last_column, NATION, bold)
    _put(sheet, 2, right_start, last_column, MOTTO, Font(name=FONT, size=12, bold=True, underline="single"))
    made_on = made_on or timezone.localdate()
    _put(sheet, 3, right_start, last_column, date_line(made_on), Font(name=FONT, size=12, italic=True))
    title_cell = _put(sheet, 5, 1, last_column, str(title).upper(), Font(name=FONT, size=14, bold=True), wrap=True)
    sheet.row_dimensions[title_cell.row].height = LINE_HEIGHT * 1.3 * lines_needed(title_cell.value, sum(widths))

    # The table.
    header_row = 7
    header_font, body_font = Font(name=FONT, size=11, bold=True), Font(name=FONT, size=11)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=header_row, column=column, value=header)
        cell.data_type = "s"
        cell.font, cell.alignment, cell.border = header_font, centred, BORDER
    header_lines = max(lines_needed(h, widths[i]) for i, h in enumerate(headers))
    sheet.row_dimensions[header_row].height = TABLE_LINE_HEIGHT * header_lines + 4
    for offset, line in enumerate(table, start=1):
        row = header_row + offset
        is_total = offset > len(rows)
        height = max((lines_needed(value, widths[index]) for index, value in enumerate(line)), default=1)
        sheet.row_dimensions[row].height = TABLE_LINE_HEIGHT * height + 3
        for column in range(1, count + 1):
            value = line[column - 1] if column - 1 < len(line) else None
            cell = sheet.cell(row=row, column=column, value=value)
            if cell.data_type == "f":  # never a formula, whatever openpyxl guesses
                cell.data_type = "s"
            cell.border = BORDER
            cell.font = header_font if is_total else body_font
            if isinstance(value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            if column == 1 or isinstance(value, datetime.date):
                cell.alignment = Alignment(horizontal="center", vertical="top")
            else:
                cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))
    last_row = header_row + len(table)

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1).coordinate
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(count)}{max(last_row, header_row)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    # Inches: 20 mm left, top and bottom, 15 mm right.
    sheet.page_margins = PageMargins(left=0.79, right=0.59, top=0.79, bottom=0.79, header=0.3, footer=0.3)
    sheet.oddFooter.center.text = "&P/&N"
    sheet.oddFooter.center.font = FONT
    return sheet


def workbook(title, headers, rows, *, agency=None, name=None, totals=(), made_on=None):
    """A one-sheet workbook laid out as the agency's form (see ``write_sheet``); the sheet is
    called ``name`` (a short Vietnamese name, the title by default)."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(name or title)
    write_sheet(sheet, title, headers, rows, agency=agency, totals=totals, made_on=made_on)
    return book


def xlsx_bytes(title, headers, rows, **layout):
    buffer = BytesIO()
    workbook(title, headers, rows, **layout).save(buffer)
    return buffer.getvalue()


def xlsx_response(filename, title, headers, rows, **layout):
    response = HttpResponse(xlsx_bytes(title, headers, rows, **layout), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx")
    return response


def wagtail_export_title(view):
    """The title a Wagtail listing shows (its page title), else the model's plural name."""
    title = ""
    try:
        title = view.get_page_title()
    except (AttributeError, TypeError):
        title = getattr(view, "page_title", "")
    if not title and getattr(view, "model", None) is not None:
        title = view.model._meta.verbose_name_plural
    return str(title or _("List"))


def wagtail_export_agency(view):
    """The agency heading a Wagtail export: the one the view was given, else the requesting person's."""
    agency = getattr(view, "export_agency", None)
    if agency is None:
        agency = getattr(getattr(getattr(view, "request", None), "user", None), "agency", None)
    return agency


def guard_wagtail_exports():
    """Route every value and heading of Wagtail's .xlsx and .csv exports
    (SpreadsheetExportMixin: the document register, the admin reports, any
    listing with ``list_export``) through ``safe_cell``, and lay its .xlsx out
    as the agency's form through ``write_sheet``, dates kept as dates."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_qms_guarded", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(preprocess(self, field, value, export_format))

    def get_heading(self, queryset, field):
        return safe_cell(heading(self, queryset, field))

    def write_xlsx(self, queryset, output):
        headers = [self.get_heading(queryset, field) for field in self.list_export]
        rows = []
        for item in queryset:
            rows.append(
                [
                    value if isinstance(value, datetime.date) else self.preprocess_field_value(field, value, "xlsx")
                    for field, value in self.to_row_dict(item).items()
                ]
            )
        workbook(wagtail_export_title(self), headers, rows, agency=wagtail_export_agency(self)).save(output)

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
    SpreadsheetExportMixin.write_xlsx = write_xlsx
    SpreadsheetExportMixin._qms_guarded = True
