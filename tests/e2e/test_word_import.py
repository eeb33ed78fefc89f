"""The ISO secretary moves in: a .zip of five Word procedures, the preview, the drafts."""

import pytest

from procedures.models import ControlledDocumentPage
from tests.e2e.conftest import sign_in
from tests.procedures.word_samples import procedure_docx, zip_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_secretary_uploads_five_procedures_previews_confirms_and_opens_the_drafts(
    live_server, page, base_data, section, org, tmp_path
):
    codes = [f"QT-{n:02d}" for n in range(11, 16)]
    batch = tmp_path / "quy-trinh.zip"
    batch.write_bytes(
        zip_of({f"{code}.docx": procedure_docx(code=code, title=f"QUY TRÌNH SỐ {code[-2:]}") for code in codes})
    )
    # Reading and creating five procedures takes seconds, more on a loaded machine: the click
    # waits for the server's answer, and no ORM query runs while it works (SQLite, one thread).
    page.set_default_timeout(240_000)
    page.set_default_navigation_timeout(240_000)
    sign_in(page, live_server.url, username="thuky")
    page.goto(live_server.url + "/admin/qms/word-import/")
    page.select_option("#id_section", str(section.pk))
    page.set_input_files("#id_file", str(batch))
    with page.expect_navigation():
        page.get_by_role("button", name="Xem trước").click()

    files = page.locator(".word-import-file")
    assert files.count() == 5
    first = files.first.inner_text()
    assert "QT-11" in first and "Quy trình số 11" in first
    assert "Bảng các bước: 5 bước" in first
    assert "Nguyễn Văn An" in first  # the paper signers
    assert not ControlledDocumentPage.objects.filter(code__in=codes).exists()  # nothing before the confirmation

    with page.expect_navigation():
        page.get_by_role("button", name="Tạo các bản dự thảo").click()
    assert page.locator("table.listing a").count() == 5
    assert set(ControlledDocumentPage.objects.filter(code__in=codes).values_list("code", flat=True)) == set(codes)

    with page.expect_navigation():
        page.locator("table.listing a", has_text="QT-11").click()
    assert page.locator("#id_title").input_value() == "Quy trình số 11"
    assert page.locator("#id_code").input_value() == "QT-11"
    page.wait_for_selector("[data-contentpath='body']")
    values = page.eval_on_selector_all("input, textarea", "fields => fields.map(f => f.value)")
    assert "Mục đích" in values and "Nội dung quy trình" in values  # the section headings
    assert "Tiếp nhận, kiểm tra hồ sơ" in values  # a step of the steps table
    assert values.count("Phòng HCTP") >= 3  # B2 and B3 (merged down in Word) and a record kept
    assert "trình tự" in page.locator(".Draftail-Editor").first.inner_text()  # the purpose's text, bold kept
    # Leave the editor, which releases its editing session as it goes, and let the one-thread
    # server answer that before the test's database is flushed.
    page.goto(live_server.url + "/admin/qms/word-import/")
    page.goto(live_server.url + "/admin/qms/word-import/")
