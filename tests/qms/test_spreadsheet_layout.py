"""Every .xlsx export is laid out as the form the agency files (qms.spreadsheets):
letterhead and national motto, title, STT, real dates, widths, a frozen filtered
header row, an A4 landscape print set-up with the header repeated on each page;
and it opens in LibreOffice as such."""

import datetime
import glob
import io
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from qms.spreadsheets import MOTTO, NATION, sheet_name, xlsx_bytes
from tests.spreadsheet_reading import read_table

AGENCY = SimpleNamespace(agency_name="SỞ NỘI VỤ", superior_body="UBND tỉnh Vĩnh Long")
HEADERS = ["Mã số", "Tên tài liệu", "Ngày hiệu lực", "Gửi lúc", "Số trang"]
ROWS = [
    ["QT-01", "Quy trình kiểm soát tài liệu", datetime.date(2026, 1, 5), datetime.datetime(2026, 1, 5, 8, 30), 12],
    ["QT-02", '=HYPERLINK("http://evil.example")', datetime.date(2026, 2, 1), None, 3],
    ["QT-03", "Quy trình " + "rất dài " * 40, None, None, None],
]


def book(agency=AGENCY, **layout):
    content = xlsx_bytes("Danh mục tài liệu nội bộ", HEADERS, ROWS, agency=agency, **layout)
    return content, load_workbook(io.BytesIO(content)).active


def merged_range_of(sheet, coordinate):
    return next((str(r) for r in sheet.merged_cells.ranges if coordinate in r), None)


def test_the_letterhead_motto_title_and_date_head_the_sheet():
    _content, sheet = book(made_on=datetime.date(2026, 11, 30))
    # The agency block at the top left: superior body, then the agency's name in bold.
    assert sheet["A1"].value == "UBND TỈNH VĨNH LONG" and not sheet["A1"].font.b
    assert sheet["A2"].value == "SỞ NỘI VỤ" and sheet["A2"].font.b
    # The national motto at the top right, merged, centred and bold.
    right = [c for c in sheet[1] if c.value == NATION]
    assert len(right) == 1 and right[0].column > 1
    motto = sheet.cell(row=2, column=right[0].column)
    assert motto.value == MOTTO and motto.font.b and right[0].font.b
    assert right[0].alignment.horizontal == "center" and merged_range_of(sheet, right[0].coordinate)
    assert sheet.cell(row=3, column=right[0].column).value == "Ngày xuất: 30/11/2026"
    # The title in capitals, bold, centred across the sheet.
    assert sheet["A5"].value == "DANH MỤC TÀI LIỆU NỘI BỘ" and sheet["A5"].font.b
    assert sheet["A5"].alignment.horizontal == "center"
    assert merged_range_of(sheet, "A5").startswith("A5:")
    assert sheet.title == "Danh mục tài liệu nội bộ"


def test_an_agency_without_a_superior_body_starts_with_its_name_and_no_agency_means_the_title_only():
    _content, sheet = book(agency=SimpleNamespace(agency_name="UBND tỉnh Vĩnh Long", superior_body=""))
    assert sheet["A1"].value == "UBND TỈNH VĨNH LONG" and sheet["A1"].font.b and sheet["A2"].value is None
    _content, sheet = book(agency=None)
    assert sheet["A1"].value is None and sheet["A5"].value == "DANH MỤC TÀI LIỆU NỘI BỘ"


def test_the_table_is_numbered_with_real_dates_borders_and_widths():
    content, sheet = book()
    table = read_table(content)
    assert table.headers == ["STT", *HEADERS]
    assert table.column("STT") == [1, 2, 3]
    header = sheet[table.header_row]
    assert all(cell.font.b and cell.alignment.wrap_text and cell.border.bottom.style == "thin" for cell in header)
    first = table.header_row + 1
    effective, sent = sheet.cell(row=first, column=4), sheet.cell(row=first, column=5)
    assert effective.is_date and effective.number_format == "dd/mm/yyyy"
    assert effective.value == datetime.datetime(2026, 1, 5)
    assert sent.is_date and sent.number_format == "dd/mm/yyyy hh:mm"
    assert sheet.cell(row=first, column=6).value == 12 and sheet.cell(row=first, column=6).data_type == "n"
    # A typed formula stays text; every table cell has borders; long text wraps in a bounded column.
    assert table.rows[1][2] == '\'=HYPERLINK("http://evil.example")'
    assert sheet.cell(row=first + 1, column=3).data_type == "s"
    assert all(
        c.border.left.style == "thin" for row in sheet.iter_rows(min_row=first, max_row=first + 2) for c in row[:6]
    )
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEF"}
    assert widths["A"] < widths["B"] < widths["C"] <= 40
    assert widths["C"] == 40 and sheet.cell(row=first + 2, column=3).alignment.wrap_text
    assert sheet.row_dimensions[first + 2].height > sheet.row_dimensions[first].height


def test_the_header_is_frozen_filtered_and_printed_on_every_a4_landscape_page():
    _content, sheet = book()
    header_row = read_table(_content).header_row
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.auto_filter.ref == f"A{header_row}:F{header_row + 3}"
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and str(setup.paperSize) == str(sheet.PAPERSIZE_A4)
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert 0.5 <= sheet.page_margins.left <= 1.2 and 0.5 <= sheet.page_margins.top <= 1.2


def test_a_totals_line_is_bold_and_not_numbered():
    content, sheet = book(totals=[["", "Tổng cộng", None, None, 15]])
    table = read_table(content)
    assert table.column("STT") == [1, 2, 3, None]
    assert table.rows[-1][2] == "Tổng cộng" and table.rows[-1][5] == 15
    assert sheet.cell(row=table.header_row + 4, column=3).font.b


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Tổng hợp: năm 2026 [dự thảo]?", "Tổng hợp- năm 2026 -dự thảo--"),
        ("Danh mục tài liệu có nguồn gốc bên ngoài", "Danh mục tài liệu có nguồn gốc"),
        ("'A/B\\C*'", "A-B-C-"),
    ],
)
def test_sheet_names_are_ones_excel_accepts(title, name):
    assert sheet_name(title) == name and len(name) <= 31


def test_wagtail_listing_exports_have_the_same_form(client, org, make_document):
    """The document register (a Wagtail report's list_export) and Wagtail's own reports."""
    agency = org["secretary"].agency
    type(agency).objects.filter(pk=agency.pk).update(superior_body="UBND TỈNH VĨNH LONG")
    make_document(title="Quy trình kiểm soát tài liệu")
    client.force_login(org["secretary"])
    table = read_table(client.get("/admin/qms/register/?export=xlsx"))
    sheet = table.sheet
    assert sheet.title == "Danh mục tài liệu nội bộ"
    assert [sheet["A1"].value, sheet["A2"].value] == ["UBND TỈNH VĨNH LONG", agency.agency_name.upper()]
    assert NATION in [c.value for c in sheet[1]]
    assert table.headers[:3] == ["STT", "Mã số", "Tên tài liệu"]
    assert sheet.freeze_panes == f"A{table.header_row + 1}" and sheet.page_setup.orientation == "landscape"

    org["secretary"].is_superuser = True
    org["secretary"].save()
    history = read_table(client.get("/admin/reports/site-history/?export=xlsx"))
    assert history.sheet.title not in ("Sheet1", "Sheet") and history.headers[0] == "STT"
    assert history.sheet.freeze_panes == f"A{history.header_row + 1}"
    # Its times are date cells, not text.
    assert history.rows and all(any(isinstance(v, datetime.datetime) for v in row) for row in history.rows)


def calc_installed():
    return shutil.which("soffice") is not None and bool(
        glob.glob("/usr/lib/libreoffice/program/libsclo.so") + glob.glob("/opt/libreoffice*/program/libsclo.so")
    )


@pytest.mark.skipif(
    not calc_installed(),
    reason="LibreOffice Calc (soffice) is not installed: .ci/system-packages installs libreoffice-calc-nogui",
)
def test_an_export_opens_in_libreoffice_with_its_letterhead_title_and_numbers(client, org, tmp_path):
    from tests.procedures.factories import RecordTypeFactory

    agency = org["secretary"].agency
    type(agency).objects.filter(pk=agency.pk).update(superior_body="UBND TỈNH VĨNH LONG")
    RecordTypeFactory(code="HS-01", name="Hồ sơ tuyển dụng", keeper_department=org["ccvc"], retention_years=10)
    RecordTypeFactory(code="HS-02", name="Sổ theo dõi công văn đến", keeper_department=org["ccvc"], permanent=True)
    client.force_login(org["staff"])
    source = tmp_path / "danh-muc-ho-so.xlsx"
    response = client.get("/kiem-soat/danh-muc-ho-so/?format=xlsx")
    assert response.status_code == 200
    source.write_bytes(response.content)
    subprocess.run(  # noqa: S603 (a fixed command on the test's own file)
        [
            shutil.which("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "danh-muc-ho-so.pdf"
    assert pdf.exists(), "LibreOffice made no PDF of the export"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert "A4" in info and "841.89 x 595" in info  # A4 landscape
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for expected in ("UBND TỈNH VĨNH LONG", agency.agency_name.upper(), NATION, MOTTO, "DANH MỤC HỒ SƠ", "STT"):
        assert expected in text, expected
    lines = text.splitlines()
    numbered = [line.split()[:2] for line in lines if line.strip().startswith(("1 ", "2 "))]
    assert ["1", "HS-01"] in numbered and ["2", "HS-02"] in numbered
