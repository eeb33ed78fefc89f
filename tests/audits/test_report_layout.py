"""The audit report PDF read back with pdftotext (-layout and -bbox): the masthead, the plan table,
the corrective actions and the signatures kept with the text before them."""

import datetime
import shutil

from django.utils import translation

from audits.reports import audit_report_pdf
from tests.audits.factories import AuditFactory, FindingFactory
from tests.procedures import pdf_tools

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def written(tmp_path, audit, name="report.pdf"):
    path = tmp_path / name
    path.write_bytes(audit_report_pdf(audit))
    shutil.copy(path, tmp_path.parent / f"layout-audit-{name}")  # kept for looking at (pdftoppm) after the run
    return path


def test_motto_on_one_line_no_empty_end_date_and_no_empty_clauses_row(programme, auditor, audited, tmp_path):
    audit = AuditFactory(programme=programme, lead_auditor=auditor, departments=[audited])  # no clauses
    audit.start(auditor)
    path = written(tmp_path, audit)
    words = pdf_tools.words(path, 1)
    (first,) = [w for w in words if w[0] == "CỘNG"]
    line = " ".join(w[0] for w in sorted(words, key=lambda w: w[1]) if abs(w[2] - first[2]) < 1 and w[1] >= first[1])
    assert line.startswith(MOTTO), "the motto is printed on one line"
    text = pdf_tools.flat(" ".join(pdf_tools.pages(path)))
    started = audit.started_on.strftime("%d/%m/%Y")
    assert f"Thời gian thực hiện từ {started}, chưa có báo cáo" in text
    assert "– –" not in text and "– Đoàn" not in text
    assert "Điều khoản (ISO 9001" not in text, "no clauses row when the audit names no clause"
    assert "Không có yêu cầu hành động khắc phục nào." in text


def test_clauses_and_corrective_actions_are_listed(action, tmp_path):
    audit = action.finding.audit
    audit.refresh_from_db()
    text = pdf_tools.flat(" ".join(pdf_tools.pages(written(tmp_path, audit))))
    assert "Điều khoản (ISO 9001:2015) 9.2" in text
    with translation.override("vi"):
        status = action.get_status_display().capitalize()
    row = f"{action.number} {action.finding.number} {action.owner}"
    assert row in text
    assert f"{action.due_date:%d/%m/%Y} {status}" in text


def test_the_signatures_never_stand_alone_on_a_page(running_audit, audited, tmp_path):
    """However many findings push the end of the report, the signature page also holds the text before it."""
    signature_pages = set()
    for count in range(1, 16):
        FindingFactory(
            audit=running_audit,
            department=audited,
            description=f"Phát hiện {count}: hồ sơ tiếp nhận chưa ghi đủ thông tin " + "theo quy định " * 6,
            recorded_by=None,
        )
        path = written(tmp_path, running_audit, f"n{count}.pdf")
        pages = pdf_tools.pages(path)
        (page,) = [p for p in pages if "ký, ghi rõ họ tên" in p]
        assert "Không có yêu cầu hành động khắc phục nào." in page, f"{count} findings: the signatures stand alone"
        signature_pages.add(pages.index(page))
    assert len(signature_pages) >= 2, "the findings pushed the signatures over a page break at least once"


def test_a_finished_audit_prints_both_dates(running_audit, auditor, tmp_path):
    type(running_audit).objects.filter(pk=running_audit.pk).update(
        started_on=datetime.date(2026, 5, 11), reported_on=datetime.date(2026, 5, 12)
    )
    running_audit.refresh_from_db()
    text = pdf_tools.flat(pdf_tools.page_text(written(tmp_path, running_audit), 1))
    assert "Thời gian thực hiện 11/05/2026 – 12/05/2026" in text
