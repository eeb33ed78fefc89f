"""The whole life of a procedure, in a real browser, by the people who do it:
drafted, reviewed, approved for a later date, made current by the daily run,
found, read, downloaded and acknowledged by staff, then audited, corrected and
verified by a second auditor.

Only two things happen outside the browser: the audit the auditor works in is
planned beforehand, and ``manage.py qms_daily --date`` is run for the effective
date. Set QMS_SCREENSHOTS=1 to write the key screens to docs/screenshots/.
"""

import datetime
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from audits.models import CorrectiveAction
from procedures.models import Acknowledgement, ControlledDocumentPage, Issue, IssueStatus
from tests.audits.factories import AuditFactory, ProgrammeFactory
from tests.qms.factories import PASSWORD, AuditorFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TITLE = "Quy trình đánh giá, xếp loại chất lượng công chức"


def shot(page, name, centre=None):
    if os.environ.get("QMS_SCREENSHOTS") == "1":
        if centre is not None:
            page.locator(centre).first.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=False)


def submit(page, button):
    """Press a form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        button.click()


def sign_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(base_url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(base_url + "/")


@pytest.fixture
def journey(base_data, section, org):
    # The head of CCVC is its Department.head (HeadFactory); the audit is planned
    # beforehand, with a second auditor from the office; the journey records a finding in it.
    second = AuditorFactory(
        username="danhgia2", department=org["secretary"].department, full_name="Đỗ Quốc Bảo", job_title="Thanh tra viên"
    )
    today = timezone.localdate()
    audit = AuditFactory(
        programme=ProgrammeFactory(year=today.year, objectives="Đánh giá nội bộ", approved_by=org["approver"]),
        scope="Các quy trình về công chức",
        criteria="TCVN ISO 9001:2015",
        planned_start=today,
        planned_end=today,
        lead_auditor=org["auditor"],
        departments=[org["ccvc"]],
        started=True,
    )
    return {**org, "second_auditor": second, "section": section, "audit": audit}


def test_a_procedure_from_draft_to_a_closed_corrective_action(live_server, page, journey, settings):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # no background saves racing the buttons
    url = live_server.url
    effective = timezone.localdate() + datetime.timedelta(days=7)

    # 1. The department head drafts the procedure and submits it for review.
    sign_in(page, url, "truongphong")
    # A blank document (no type's standard parts): the type is chosen on the form.
    page.goto(f"{url}/admin/pages/add/procedures/controlleddocumentpage/{journey['section'].pk}/?document_type=")
    page.fill("#id_title", TITLE)
    page.select_option("#id_document_type", label="Quy trình (QT)")
    page.select_option("#id_owner_department", label="Phòng Công chức, viên chức")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Mục", exact=True).click()
    page.select_option("#body-0-value-kind", value="purpose")
    page.fill("#body-0-value-heading", "1. Mục đích")
    page.locator("[data-contentpath=body] [contenteditable=true]").first.click()
    page.keyboard.type("Quy định trình tự đánh giá, xếp loại chất lượng công chức hằng năm.")
    # Draftail writes the text into its hidden input a moment later.
    page.wait_for_function("() => document.querySelector('#body-0-value-body').value.includes('hằng năm')")
    page.locator("#id_title").scroll_into_view_if_needed()
    shot(page, "01-draft-editor")
    page.locator("button.action-save").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    assert page.input_value("#id_code") == "QT-01"  # proposed from the document type
    document = ControlledDocumentPage.objects.get(title=TITLE)
    assert document.slug == "quy-trinh-danh-gia-xep-loai-chat-luong-cong-chuc"
    edit_url = page.url
    # Who must read it: the department's own staff.
    page.locator('header button[aria-label="Thao tác"]').click()
    page.get_by_role("link", name="Phân phối và căn cứ pháp lý").click()
    page.get_by_label("Phòng Công chức, viên chức").check()
    submit(page, page.get_by_role("button", name="Lưu danh sách phân phối"))
    page.goto(edit_url)
    page.locator("footer button.w-dropdown__toggle").click()
    submit(page, page.locator("button[name=action-submit]"))
    assert ControlledDocumentPage.objects.get(pk=document.pk).current_workflow_task.name == "Xem xét"

    # 2. The ISO secretary reviews it and signs with their password.
    sign_in(page, url, "thuky")
    page.goto(url + "/admin/")
    # The dashboard's "waiting for my signature" panel opens the signing page itself.
    page.locator("#qms-dashboard-awaiting_my_signature-section").get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/admin/qms/sign/**")
    page.fill("#id_comment", "Đúng quy định, đề nghị phê duyệt.")
    page.fill("#id_password", PASSWORD)
    shot(page, "02-review-and-sign", "#id_password")
    page.get_by_role("button", name="Xem xét và ký").click()
    page.wait_for_url(url + "/admin/")
    assert "Đã xem xét và ký" in page.locator(".messages").inner_text()

    # 3. The approver approves it with their password, effective a week later.
    sign_in(page, url, "lanhdao")
    page.goto(url + "/admin/")
    # The dashboard's "waiting for my signature" panel opens the signing page itself.
    page.locator("#qms-dashboard-awaiting_my_signature-section").get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/admin/qms/sign/**")
    page.fill("#id_effective_date", effective.isoformat())
    page.fill("#id_password", PASSWORD)
    shot(page, "03-approve-with-effective-date", "#id_effective_date")
    page.get_by_role("button", name="Phê duyệt và ký").click()
    page.wait_for_url(url + "/admin/")
    issue = Issue.objects.get(document=document)
    assert (issue.status, issue.effective_date, issue.edition) == (IssueStatus.SCHEDULED, effective, 1)

    # 4. Before its date staff do not find it; the daily run on that date makes it current.
    sign_in(page, url, "nhanvien")
    page.fill("#search-q", "danh gia xep loai chat luong")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    assert page.locator(".search-result").count() == 0
    assert page.goto(url + document.url).status == 404
    call_command("qms_daily", date=effective, stdout=StringIO())
    assert Issue.objects.get(document=document).status == IssueStatus.CURRENT

    # 5. A staff member finds it without diacritics, reads, downloads and acknowledges it.
    page.goto(url + "/")
    page.fill("#search-q", "danh gia xep loai chat luong")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    result = page.locator(".search-result")
    assert result.count() == 1 and "QT-01" in result.inner_text()
    shot(page, "04-staff-search-without-diacritics")
    result.get_by_role("link").first.click()
    page.wait_for_url(url + document.url)
    assert page.locator("h1").inner_text() == TITLE
    assert "hằng năm" in page.locator("main").inner_text()
    href = page.get_by_role("link", name="Tải bản PDF").get_attribute("href")
    pdf = page.request.get(url + href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    assert "QT-01_lan-1-0" in pdf.headers["content-disposition"]  # the code and edition 1/0
    shot(page, "05-document-with-acknowledge")
    submit(page, page.get_by_role("button", name="Tôi đã đọc và hiểu tài liệu này"))
    assert "Bạn đã xác nhận đọc" in page.locator(".document-control").inner_text()

    # 6. An auditor records a finding on the document and raises a corrective action.
    audit = journey["audit"]
    sign_in(page, url, "danhgia")
    page.goto(f"{url}/admin/audits/audit/detail/{audit.pk}/")
    # The audit page's quick form has no document field: the full finding form does.
    page.get_by_role("link", name="Nhập đầy đủ (điều khoản, tài liệu, câu hỏi kiểm tra)").click()
    page.select_option("#id_kind", value="minor_nc")
    page.select_option("#id_department", label="Phòng Công chức, viên chức")
    page.select_option("#id_document", label=f"QT-01 – {TITLE}")
    page.fill("#id_description", "Hồ sơ đánh giá năm 2025 thiếu bản tự nhận xét của công chức.")
    page.fill("#id_evidence", "Hồ sơ số 07/2025")
    submit(page, page.locator("button[type=submit]").last)
    finding = audit.findings.get()
    assert finding.document_id == document.pk
    page.goto(f"{url}/admin/audits/audit/detail/{audit.pk}/")
    page.select_option(f"#raise{finding.pk}_owner", label=str(journey["head"]))
    page.fill(f"#raise{finding.pk}_due_date", (timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    shot(page, "06-finding-and-corrective-action", f"#raise{finding.pk}_owner")
    submit(page, page.get_by_role("button", name="Lập phiếu hành động khắc phục"))
    action = CorrectiveAction.objects.get(finding=finding)
    assert action.number in page.locator(".messages").inner_text()

    # 7. The owner (the department head) plans and implements the action.
    sign_in(page, url, "truongphong")
    page.goto(url + "/khac-phuc/")
    page.get_by_role("link", name=action.number).first.click()
    page.fill("#plan_correction", "Bổ sung bản tự nhận xét vào hồ sơ.")
    page.fill("#plan_root_cause", "Quy trình chưa có biểu mẫu tự nhận xét.")
    page.fill("#plan_action_plan", "Ban hành biểu mẫu tự nhận xét trong lần sửa đổi tới.")
    submit(page, page.get_by_role("button", name="Lưu kế hoạch"))
    page.fill("#implement_implementation", "Đã bổ sung bản tự nhận xét; biểu mẫu BM-01 đã ban hành.")
    page.fill("#implement_similar_checked", "Đã rà soát hồ sơ các năm 2023–2024: không có trường hợp tương tự.")
    submit(page, page.get_by_role("button", name="Báo cáo đã thực hiện"))
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.IMPLEMENTED

    # 8. Another auditor verifies it effective and closes it.
    sign_in(page, url, "danhgia2")
    page.goto(url + "/khac-phuc/")
    page.get_by_role("link", name=action.number).first.click()
    page.get_by_label("Có hiệu lực", exact=True).check()
    assert page.input_value("#verify_verified_on") == timezone.localdate().isoformat()
    page.fill("#verify_evidence", "Kiểm tra 5 hồ sơ năm 2025: đủ bản tự nhận xét.")
    submit(page, page.get_by_role("button", name="Ghi nhận kết quả xác nhận"))
    submit(page, page.get_by_role("button", name="Đóng phiếu"))
    shot(page, "07-closed-corrective-action")

    # What users check at the end.
    assert Issue.objects.filter(document=document, status=IssueStatus.CURRENT).count() == 1
    assert Acknowledgement.objects.filter(user=journey["staff"], issue__document=document).count() == 1
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.CLOSED
    assert action.closed_by == journey["second_auditor"]
    assert [v.verifier for v in action.verifications.all()] == [journey["second_auditor"]]
