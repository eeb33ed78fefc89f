"""Each role's everyday task in a real browser, on a desktop (1366×900) and on a phone (390×844).

The department head submits a draft of his department for review; the approver
signs the document waiting for her and sees it issued; the auditor starts this
year's audit, records two findings and raises a corrective action (on a phone in
at most ten taps from the audit list); the action's owner answers it with an
evidence file; a staff member reads the current issue and acknowledges it; the
ISO secretary creates a procedure and sends it on for review.

The desktop runs are the short version CI always runs; the phone runs (the
auditor's the other way round) are marked slow. Set QMS_SCREENSHOTS=1 to write
docs/screenshots/role-<role>-<size>.png.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

from audits.models import ActionEvidenceFile, CorrectiveAction, Finding
from procedures.models import Acknowledgement, ControlledDocumentPage, IssueStatus, ReadingAssignment
from tests.audits.factories import PDF_BYTES, AuditFactory, CorrectiveActionFactory, FindingFactory, ProgrammeFactory
from tests.e2e.conftest import sign_in
from tests.procedures.factories import make_issued_document
from tests.procedures.workflow import sign, submit
from tests.qms.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
DESKTOP = pytest.param("desktop", id="desktop")
PHONE = pytest.param("phone", id="phone", marks=pytest.mark.slow)


@pytest.fixture
def screen(browser, request, settings):
    """A page at the size the test is parametrized with (``size``)."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # no background saves racing the buttons
    size = request.node.callspec.params["size"]
    phone = size == "phone"
    context = browser.new_context(
        locale="vi-VN", viewport=SIZES[size], is_mobile=phone, has_touch=phone, device_scale_factor=1
    )
    context.set_default_timeout(60_000)  # a loaded CI machine
    page = context.new_page()
    page.size = size
    yield page
    context.close()


def shot(page, role):
    if os.environ.get("QMS_SCREENSHOTS") == "1":
        page.screenshot(path=str(SCREENSHOTS / f"role-{role}-{page.size}.png"))


def press(page, locator):
    """Press a form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        locator.click()


class Taps:
    """Counts what a person on a phone touches: links, buttons, choices and the fields they type into."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def tap(self, locator, navigates=True):
        self.count += 1
        if navigates:
            with self.page.expect_navigation():
                locator.click()
        else:
            locator.click()

    def choose(self, locator, **option):
        self.count += 1
        locator.select_option(**option)

    def type(self, locator, text):
        self.count += 1
        locator.fill(text)


@pytest.mark.parametrize("size", [DESKTOP, PHONE])
def test_department_head_edits_a_draft_of_his_department_and_submits_it(
    live_server, screen, base_data, org, make_document, size
):
    draft = make_document(title="Quy trình tiếp nhận hồ sơ tuyển dụng", code="QT-12", author=org["head"], live=False)
    sign_in(screen, live_server.url, "truongphong")
    # He finds the draft in his section of the library by its code, on a phone too: there the title
    # gets the room of the columns that say the same on every row (type, last change).
    screen.goto(f"{live_server.url}/admin/pages/{draft.get_parent().pk}/")
    title = screen.locator("table.listing td.title").filter(has_text="QT-12 – Quy trình tiếp nhận hồ sơ tuyển dụng")
    if size == "phone":
        assert title.bounding_box()["width"] >= SIZES["phone"]["width"] / 2
        assert not screen.get_by_role("columnheader", name="Loại").is_visible()
    press(screen, title.get_by_role("link", name="QT-12 – Quy trình tiếp nhận hồ sơ tuyển dụng"))
    assert screen.url.endswith(f"/admin/pages/{draft.pk}/edit/")
    screen.fill("#id_title", "Quy trình tiếp nhận và thẩm định hồ sơ tuyển dụng")
    screen.locator("footer button.w-dropdown__toggle").click()
    press(screen, screen.locator("button[name=action-submit]"))
    document = ControlledDocumentPage.objects.get(pk=draft.pk)
    assert document.current_workflow_task.name == "Xem xét"
    assert document.get_latest_revision_as_object().title == "Quy trình tiếp nhận và thẩm định hồ sơ tuyển dụng"
    assert "Quy trình tiếp nhận và thẩm định hồ sơ tuyển dụng" in screen.locator(".messages").inner_text()
    shot(screen, "department-head")


@pytest.mark.parametrize("size", [DESKTOP, PHONE])
def test_approver_signs_the_document_waiting_for_her_and_sees_it_issued(
    live_server, screen, base_data, org, make_document, client, size
):
    draft = make_document(title="Quy trình thi tuyển viên chức", code="QT-14", author=org["head"], live=False)
    submit(draft, org["head"], change_summary="Ban hành lần đầu")
    assert sign(client, org["secretary"], draft).status_code == 302  # reviewed by the ISO secretary
    sign_in(screen, live_server.url, "lanhdao")
    screen.goto(live_server.url + "/admin/")
    waiting = screen.locator("#qms-dashboard-awaiting_my_signature-section")
    press(screen, waiting.get_by_role("link", name="QT-14 – Quy trình thi tuyển viên chức"))
    assert "/admin/qms/sign/" in screen.url
    assert screen.input_value("#id_effective_date") in ("", timezone.localdate().isoformat())
    screen.fill("#id_effective_date", timezone.localdate().isoformat())
    screen.fill("#id_password", PASSWORD)
    press(screen, screen.get_by_role("button", name="Phê duyệt và ký"))
    issue = ControlledDocumentPage.objects.get(pk=draft.pk).issues.get()
    assert issue.status == IssueStatus.CURRENT and issue.approved_by == org["approver"]
    # Issued: the waiting list is empty, and the document reads as its first issue.
    screen.goto(live_server.url + "/admin/")
    assert (
        "Không có tài liệu nào chờ bạn ký."
        in screen.locator("#qms-dashboard-awaiting_my_signature-section").inner_text()
    )
    screen.goto(live_server.url + ControlledDocumentPage.objects.get(pk=draft.pk).url)
    header = screen.locator(".document-header").inner_text()
    assert "QT-14" in header and "Lần ban hành" in header
    shot(screen, "approver")


@pytest.fixture
def planned_audit(base_data, org):
    today = timezone.localdate()
    return AuditFactory(
        programme=ProgrammeFactory(year=today.year, objectives="Đánh giá nội bộ", approved_by=org["approver"]),
        title="Đánh giá Phòng Công chức, viên chức",
        scope="Các quy trình về công chức",
        planned_start=today,
        planned_end=today,
        lead_auditor=org["auditor"],
        departments=[org["ccvc"]],
    )


@pytest.mark.parametrize("size", [pytest.param("desktop", id="desktop", marks=pytest.mark.slow), "phone"])
def test_auditor_starts_the_audit_records_two_findings_and_raises_an_action(
    live_server, screen, org, planned_audit, size
):
    audit = planned_audit
    sign_in(screen, live_server.url, "danhgia")
    screen.goto(live_server.url + "/admin/audits/audit/")
    taps = Taps(screen)
    taps.tap(screen.get_by_role("link", name=audit.number))
    taps.tap(screen.get_by_role("button", name="Bắt đầu đánh giá"))
    for description in (
        "Hồ sơ tuyển dụng năm 2025 thiếu biên bản kiểm tra điều kiện dự tuyển.",
        "Sổ theo dõi hồ sơ chưa ghi ngày trả kết quả.",
    ):
        taps.choose(screen.locator("#finding_kind"), value="minor_nc")
        taps.type(screen.locator("#finding_description"), description)
        taps.tap(screen.get_by_role("button", name="Lưu phát hiện"))
        assert "Đã ghi nhận phát hiện" in screen.locator(".messages").inner_text()
    first = Finding.objects.filter(audit=audit).order_by("pk").first()
    taps.tap(screen.locator(f"form[action$='/raise-action/{first.pk}/'] button"))
    assert taps.count <= 10, f"{taps.count} taps"
    action = CorrectiveAction.objects.get(finding=first)
    assert action.owner == org["head"]  # the head of the audited department, proposed
    assert action.due_date == timezone.localdate() + datetime.timedelta(days=30)
    assert Finding.objects.filter(audit=audit, department=org["ccvc"]).count() == 2
    assert action.number in screen.locator(".messages").inner_text()
    # The findings fit the screen (on a phone one card per finding), the action's button included.
    assert screen.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    screen.locator("#findings").evaluate("e => e.scrollIntoView()")
    shot(screen, "auditor")


@pytest.mark.parametrize("size", [DESKTOP, PHONE])
def test_action_owner_answers_with_an_evidence_file(live_server, screen, org, planned_audit, size, tmp_path):
    planned_audit.start(org["auditor"])
    finding = FindingFactory(audit=planned_audit, department=org["ccvc"], recorded_by=org["auditor"])
    action = CorrectiveActionFactory(finding=finding, owner=org["staff"])
    evidence = tmp_path / "bien-ban-kiem-tra.pdf"
    evidence.write_bytes(PDF_BYTES)
    sign_in(screen, live_server.url, "nhanvien")
    screen.goto(live_server.url + "/khac-phuc/")
    press(screen, screen.get_by_role("link", name=action.number).first)
    screen.fill("#plan_root_cause", "Chưa có bước kiểm tra điều kiện trong quy trình.")
    screen.fill("#plan_action_plan", "Bổ sung bước kiểm tra và biểu mẫu biên bản.")
    press(screen, screen.get_by_role("button", name="Lưu kế hoạch"))
    screen.fill("#implement_implementation", "Đã lập biên bản kiểm tra cho 12 hồ sơ năm 2025.")
    screen.fill("#implement_similar_checked", "Đã rà soát hồ sơ năm 2024: không có trường hợp tương tự.")
    screen.set_input_files("#implement_files", str(evidence))
    press(screen, screen.get_by_role("button", name="Báo cáo đã thực hiện"))
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.IMPLEMENTED
    file = ActionEvidenceFile.objects.get(action=action)
    assert file.uploaded_by == org["staff"]
    assert screen.locator(".evidence-files").get_by_role("link").first.get_attribute("href") == (
        f"/khac-phuc/tep-minh-chung/{file.pk}/"
    )
    screen.locator(".evidence-files").scroll_into_view_if_needed()
    shot(screen, "action-owner")


@pytest.mark.parametrize("size", [DESKTOP, PHONE])
def test_staff_reads_the_current_issue_and_acknowledges_it(live_server, screen, base_data, section, org, size):
    document = make_issued_document(
        section, org["approver"], title="Quy chế văn hóa công sở", code="QC-03", department=org["ccvc"]
    )
    ReadingAssignment.objects.create(issue=document.issues.get(), user=org["staff"])
    sign_in(screen, live_server.url, "nhanvien")
    reading_list = screen.locator("#reading-list-title").locator("..")
    press(screen, reading_list.get_by_role("link", name=re.compile("Quy chế văn hóa công sở")).first)
    assert screen.locator("h1").inner_text() == "Quy chế văn hóa công sở"
    press(screen, screen.get_by_role("button", name="Tôi đã đọc và hiểu tài liệu này"))
    assert "Bạn đã xác nhận đọc" in screen.locator(".document-control").inner_text()
    assert Acknowledgement.objects.filter(user=org["staff"], issue__document=document).count() == 1
    shot(screen, "staff")


@pytest.mark.parametrize("size", [DESKTOP, PHONE])
def test_iso_secretary_creates_a_procedure_from_its_template_with_ten_steps_and_sends_it_on(
    live_server, screen, base_data, section, org, size
):
    title = "Quy trình giải quyết khiếu nại"
    sign_in(screen, live_server.url, "thuky")
    screen.goto(f"{live_server.url}/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/")
    # The type first: the procedure's standard parts come with it.
    press(screen, screen.get_by_role("link", name=re.compile(r"Quy trình \(QT\)")))
    screen.fill("#id_title", title)
    screen.press("#id_title", "Tab")  # leaving the title proposes the address (slug) from it
    screen.wait_for_function("() => document.querySelector('#id_slug').value !== ''")
    screen.select_option("#id_owner_department", label="Phòng Công chức, viên chức")
    # Each section of the template already has its heading: only the text is typed.
    editors = screen.locator(".Draftail-Editor [contenteditable=true]")
    assert editors.count() >= 5
    for index in range(editors.count()):
        editors.nth(index).click()
        screen.keyboard.type(f"Nội dung phần {index + 1}.")
    # The steps table: ten rows typed as in the Word table, Enter in a row's last box adds the next.
    rows = ".steps-grid [data-streamfield-child]:visible"
    screen.locator(f"{rows} [name$='-value-action']").first.focus()
    for number in range(1, 11):
        screen.keyboard.type(f"Công việc bước {number}")
        screen.keyboard.press("Tab")
        screen.keyboard.type("Phòng Công chức, viên chức")
        screen.keyboard.press("Tab")
        screen.keyboard.type("0.5")
        screen.keyboard.press("Tab")
        screen.keyboard.press("Tab")
        screen.keyboard.type(f"Kết quả {number}")
        if number < 10:
            screen.keyboard.press("Enter")
            # The new row's work box takes the cursor (on the grid's next frame) before anything is typed.
            screen.wait_for_function(
                "n => { const rows = [...document.querySelectorAll('.steps-grid [data-streamfield-child]')]"
                ".filter(row => row.offsetParent !== null);"
                " const box = rows.length >= n && rows[n - 1].querySelector('[name$=\"-value-action\"]');"
                " return box && document.activeElement === box; }",
                arg=number + 1,
            )
    press(screen, screen.locator("button.action-save"))
    assert re.search(r"/admin/pages/\d+/edit/", screen.url)
    screen.locator("footer button.w-dropdown__toggle").click()
    press(screen, screen.locator("button[name=action-submit]"))
    document = ControlledDocumentPage.objects.get(title=title)
    assert document.code.startswith("QT-")
    assert document.current_workflow_task.name == "Xem xét"
    body = document.get_latest_revision_as_object().body
    assert [block.value["heading"] for block in body if block.block_type == "section"][:2] == [
        "Mục đích",
        "Phạm vi áp dụng",
    ]
    (steps,) = [block.value for block in body if block.block_type == "steps_table"]
    assert [step["step"] for step in steps["steps"]] == [f"B{n}" for n in range(1, 11)]
    assert steps["steps"][9]["action"] == "Công việc bước 10"
    shot(screen, "iso-secretary")
