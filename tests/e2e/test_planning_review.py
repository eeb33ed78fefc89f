"""The other half of the QMS in a browser: the ISO secretary imports a year of one-stop statistics,
sees the on-time chart and opens a nonconformity from a late group; the leader holds the management
review, whose draft already lists the audit results and the objectives, records a decision, signs the
minutes, and the minutes PDF shows the charts."""

import datetime
import subprocess
from decimal import Decimal

import pytest

from planning.models import DataSource, DossierStatistic, ManagementReview, Nonconformity, QualityObjective
from tests.audits.factories import AuditFactory, FindingFactory, ProgrammeFactory
from tests.e2e.conftest import sign_in
from tests.procedures.factories import make_issued_document
from tests.qms.factories import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
YEAR = 2026


@pytest.fixture
def agency_records(base_data, section, org):
    for code, title in (("QT-01", "Quy trình tuyển dụng"), ("QT-02", "Quy trình nâng lương")):
        make_issued_document(section, org["approver"], title=title, code=code, department=org["ccvc"])
    QualityObjective.objects.create(
        agency=org["ccvc"].agency,
        year=YEAR,
        statement="Giải quyết hồ sơ đúng hạn",
        indicator="Tỷ lệ đúng hạn",
        unit="%",
        target=Decimal(95),
        data_source=DataSource.ONE_STOP,
        owner=org["secretary"],
    )
    programme = ProgrammeFactory(year=YEAR, approved_by=org["approver"])
    audit = AuditFactory(
        programme=programme,
        lead_auditor=org["auditor"],
        departments=[org["ccvc"]],
        planned_start=datetime.date(YEAR, 5, 4),
        planned_end=datetime.date(YEAR, 5, 6),
    )
    FindingFactory(audit=audit, kind="minor_nc")
    return audit


def test_statistics_to_a_signed_management_review(live_server, page, org, agency_records, tmp_path):
    lines = ["Mã thủ tục,Tháng,Tiếp nhận,Đúng hạn,Trễ hạn,Đang giải quyết"] + [
        f"{code},{month:02d}/{YEAR},20,{18 - month % 3},{month % 3},2"
        for code in ("QT-01", "QT-02")
        for month in range(1, 13)
    ]
    csv = tmp_path / "mot-cua-2026.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")

    sign_in(page, live_server.url, "thuky")
    page.goto(live_server.url + "/admin/planning/one-stop/new/")
    page.set_input_files("#id_file", str(csv))
    page.locator("form:has(#id_file)").evaluate("form => form.requestSubmit()")
    page.get_by_role("button", name="Nhập các dòng này").click()
    page.get_by_text("Đã nhập 24 dòng.", exact=True).wait_for()

    page.goto(live_server.url + f"/admin/planning/dashboard/?year={YEAR}")
    chart = page.get_by_role("img", name="Tỷ lệ hồ sơ đúng hạn")
    assert chart.is_visible()
    assert "04/2026" in page.locator("table", has_text="Trễ hạn").first.inner_text()

    page.goto(live_server.url + "/admin/planning/statistics/")
    # A late row's action (in the row's "more" menu) leads to the confirmation.
    late = DossierStatistic.objects.filter(late__gt=0).order_by("month", "document__code").first()
    page.goto(live_server.url + f"/admin/planning/statistics/nonconformity/{late.pk}/")
    page.get_by_role("button", name="Mở sự không phù hợp").click()
    page.wait_for_url("**/nonconformities/detail/**")
    nonconformity = Nonconformity.objects.get()
    assert nonconformity.source == Nonconformity.Source.LATE_DOSSIERS and nonconformity.statistic == late
    assert late.document.code in page.locator("main").inner_text(), nonconformity.description

    page.goto(live_server.url + "/admin/planning/reviews/new/")
    page.fill("#id_held_on", f"{YEAR}-12-20")
    page.select_option("#id_chair", str(org["approver"].pk))
    page.fill("#id_participants", "Ban Giám đốc Sở, trưởng các phòng")
    page.fill("#id_period_start", f"{YEAR}-01-01")
    page.fill("#id_period_end", f"{YEAR}-12-31")
    page.locator("form:has(#id_held_on)").evaluate("form => form.requestSubmit()")
    page.wait_for_url("**/planning/reviews/detail/**")

    page.context.clear_cookies()
    sign_in(page, live_server.url, "lanhdao")
    review = ManagementReview.objects.get()
    page.goto(live_server.url + f"/admin/planning/reviews/detail/{review.pk}/")
    page.get_by_role("button", name="Tổng hợp đầu vào từ hồ sơ").click()
    page.get_by_text("Đã tổng hợp đầu vào của cuộc xem xét từ hồ sơ.").wait_for()
    text = page.content()
    assert agency_records.number in text and "Tỷ lệ đúng hạn" in text
    page.fill("#id_text", "Bổ sung công chức thẩm định hồ sơ")
    page.select_option("#id_owner", str(org["head"].pk))
    page.fill("#id_due_date", f"{YEAR + 1}-03-31")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    page.get_by_text("Đã ghi nhận quyết định.").wait_for()
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Ký biên bản").click()
    page.get_by_text("Biên bản đã được ký").first.wait_for()
    review.refresh_from_db()
    assert review.is_signed and review.signed_by == org["approver"]

    pdf = page.request.get(live_server.url + f"/admin/planning/reviews/pdf/{review.pk}/")
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(pdf.body())
    command = ["pdftotext", "-layout", str(path), "-"]
    pdf_text = subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603, S607
    assert "Tỷ lệ hồ sơ đúng hạn (%)" in pdf_text  # the on-time chart's own title, drawn in the PDF
    assert "Bổ sung công chức thẩm định hồ sơ" in pdf_text and agency_records.number in pdf_text
