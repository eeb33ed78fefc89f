"""Importing the one-stop software's monthly statistics: a good file imports every row,
a bad one names its row and column and imports nothing."""

import io

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook

from planning import onestop_import, performance
from planning.models import DossierStatistic, OneStopImport
from tests.planning.conftest import YEAR, csv_bytes, year_of_rows


def upload(org, name, data):
    row = OneStopImport(agency=org["ccvc"].agency, uploaded_by=org["secretary"], original_name=name, sha256="x")
    row.file.save(name, ContentFile(data), save=False)
    row.save()
    return row


def test_a_year_of_statistics_imports_and_gives_on_time_rates(org, procedures):
    row = upload(org, "mot-cua-2026.csv", csv_bytes(year_of_rows()))
    count, errors = onestop_import.confirm(row, org["secretary"])
    assert errors == []
    assert count == 36
    row.refresh_from_db()
    assert row.status == OneStopImport.Status.IMPORTED and row.rows == 36
    import datetime

    months = dict(
        performance.on_time_by_month(org["ccvc"].agency_id, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    )
    march = months[datetime.date(YEAR, 3, 1)]  # month % 3 == 0: nothing late
    assert march["rate"] == 100.0
    april = months[datetime.date(YEAR, 4, 1)]  # one late of 18 settled per procedure
    assert (april["on_time"], april["late"]) == (51, 3)
    assert april["rate"] == round(100 * 51 / 54, 1)
    by_department = performance.on_time_by_department(
        org["ccvc"].agency_id, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    )
    assert [d["department"] for d in by_department] == [org["ccvc"].name]


def test_an_xlsx_with_english_headers_in_another_order_imports(org, procedures):
    book = Workbook()
    sheet = book.active
    sheet.append(["Month", "Procedure", "Received", "Pending", "On time", "Late"])
    sheet.append(["01/2026", "qt-02", 10, 1, 8, 1])
    data = io.BytesIO()
    book.save(data)
    row = upload(org, "thang-1.xlsx", data.getvalue())
    count, errors = onestop_import.confirm(row, org["secretary"])
    assert (count, errors) == (1, [])
    statistic = DossierStatistic.objects.get()
    assert (statistic.document.code, statistic.on_time, statistic.late, statistic.pending) == ("QT-02", 8, 1, 1)


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("QT-09,01/2026,20,18,2,0", "Dòng 3, cột “mã thủ tục”: không có thủ tục nào của cơ quan mang mã QT-09"),
        ("QT-01,13/2026,20,18,2,0", "Dòng 3, cột “tháng”: không phải tháng"),
        ("QT-01,02/2026,hai mươi,18,2,0", "Dòng 3, cột “tiếp nhận”: không phải số hồ sơ nguyên"),
        ("QT-01,02/2026,20,-1,2,0", "Dòng 3, cột “giải quyết đúng hạn”: không phải số hồ sơ nguyên"),
        ("QT-01,01/2026,20,18,2,0", "Dòng 3, cột “tháng”: QT-01 01/2026 đã có ở dòng 2"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_imported(org, procedures, bad_row, message):
    row = upload(org, "loi.csv", csv_bytes(["QT-01,01/2026,20,18,2,0", bad_row, "QT-02,01/2026,5,5,0,0"]))
    rows, errors = onestop_import.preview(row)
    assert rows == [] and any(message in error for error in errors), errors
    count, errors = onestop_import.confirm(row, org["secretary"])
    assert count == 0 and any(message in error for error in errors)
    assert not DossierStatistic.objects.exists()
    row.refresh_from_db()
    assert row.status == OneStopImport.Status.REJECTED and message.split(":")[0] in row.errors


def test_a_missing_column_is_named(org, procedures):
    row = upload(
        org,
        "thieu-cot.csv",
        csv_bytes(["QT-01,01/2026,20,18,0"], header="Mã thủ tục,Tháng,Tiếp nhận,Đúng hạn,Đang giải quyết"),
    )
    _rows, errors = onestop_import.preview(row)
    assert errors == ["Dòng 1: thiếu cột giải quyết trễ hạn."]


def test_a_month_already_imported_is_refused(org, procedures):
    first = upload(org, "a.csv", csv_bytes(["QT-01,01/2026,20,18,2,0"]))
    assert onestop_import.confirm(first, org["secretary"])[0] == 1
    again = upload(org, "b.csv", csv_bytes(["QT-02,01/2026,20,18,2,0", "QT-01,01/2026,20,18,2,0"]))
    count, errors = onestop_import.confirm(again, org["secretary"])
    assert count == 0
    assert errors == ["Dòng 3, cột “tháng”: QT-01 01/2026 đã được nhập trước đây"]
    assert DossierStatistic.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused(org, procedures):
    row = upload(org, "anh.xlsx", b"not a workbook at all")
    _rows, errors = onestop_import.preview(row)
    assert errors == ["Tệp không phải bảng tính .xlsx hay tệp .csv."]


def test_another_agencys_codes_are_unknown(org, procedures):
    from tests.qms.factories import AgencyFactory

    other = AgencyFactory(code="xa-khac")
    row = OneStopImport(agency=other, uploaded_by=org["secretary"], original_name="x.csv", sha256="x")
    row.file.save("x.csv", ContentFile(csv_bytes(["QT-01,01/2026,20,18,2,0"])), save=False)
    row.save()
    _rows, errors = onestop_import.preview(row)
    assert "không có thủ tục nào của cơ quan mang mã QT-01" in errors[0]
