"""Registers exported as .xlsx with Vietnamese headers, as agencies keep them in Excel."""

import datetime
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return value if isinstance(value, int | float) else str(value)


def workbook(title, headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([cell_value(v) for v in row])
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
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
