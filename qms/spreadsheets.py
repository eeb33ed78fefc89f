"""Every spreadsheet the product writes (.xlsx and .csv), with Vietnamese headers,
as agencies keep their registers in Excel.

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
from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as it may go into a spreadsheet cell: text that a spreadsheet
    would run as a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return value if isinstance(value, int | float) else safe_cell(str(value))


def _append(sheet, values):
    sheet.append([cell_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":  # never a formula, whatever openpyxl guesses
            cell.data_type = "s"


def workbook(title, headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    _append(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        _append(sheet, row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, min(60, len(header) + 6))
    sheet.freeze_panes = "A2"
    return book


def xlsx_bytes(title, headers, rows):
    buffer = BytesIO()
    workbook(title, headers, rows).save(buffer)
    return buffer.getvalue()


def xlsx_response(filename, title, headers, rows):
    response = HttpResponse(xlsx_bytes(title, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx")
    return response


def guard_wagtail_exports():
    """Route every value and heading of Wagtail's .xlsx and .csv exports
    (SpreadsheetExportMixin: the document register, the admin reports, any
    listing with ``list_export``) through ``safe_cell``."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_qms_guarded", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(preprocess(self, field, value, export_format))

    def get_heading(self, queryset, field):
        return safe_cell(heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
    SpreadsheetExportMixin._qms_guarded = True
