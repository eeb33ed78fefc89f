"""A staff member on a desktop and on a phone: sign in, search without
diacritics, open the current procedure, download it, switch language, print."""

import copy
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from tests.e2e.conftest import serious_violations, sign_in
from tests.procedures.factories import make_issued_document, steps_body

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_find_and_open_the_current_procedure_in_two_taps_on_a_phone(live_server, phone, documents):
    sign_in(phone, live_server.url)
    phone.fill("#search-q", "thu tuc dang ky")
    phone.get_by_role("button", name="Tìm kiếm").tap()  # tap 1
    first = phone.locator(".search-result").first
    assert "QT-05" in first.inner_text()
    assert first.locator("mark").first.inner_text() == "Thủ tục đăng ký"
    first.get_by_role("link").tap()  # tap 2
    phone.wait_for_url(live_server.url + documents["wanted"].url)
    assert phone.locator("h1").inner_text() == "Thủ tục đăng ký kết hôn"
    header = phone.locator(".document-header").inner_text()
    assert "QT-05" in header and "Lần ban hành" in header and "Ngày hiệu lực" in header


def test_steps_table_is_readable_on_a_360_px_phone(live_server, phone, documents):
    sign_in(phone, live_server.url)
    phone.goto(live_server.url + documents["wanted"].url)
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    cell = phone.locator(".steps-table td[data-label='Trình tự thực hiện']").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "grid"  # stacked, one row per cell
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Trình tự thực hiện"'
    box = cell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    # The step's text wraps inside the phone's width instead of being cut.
    assert "viết giấy biên nhận" in cell.inner_text()


def test_an_issue_frozen_before_its_cells_were_labelled_reads_as_cards_on_a_phone(
    live_server, phone, base_data, section, org, tmp_path
):
    # An earlier release's steps table: the same table, its cells without their column's name.
    template = Path(settings.BASE_DIR) / "templates" / "procedures" / "blocks" / "steps_table.html"
    earlier = tmp_path / "procedures" / "blocks" / "steps_table.html"
    earlier.parent.mkdir(parents=True)
    earlier.write_text(re.sub(r' data-label="[^"]*"', "", template.read_text(encoding="utf-8")), encoding="utf-8")
    engines = copy.deepcopy(settings.TEMPLATES)
    engines[0]["DIRS"] = [tmp_path, *engines[0]["DIRS"]]
    with override_settings(TEMPLATES=engines):
        document = make_issued_document(
            section,
            org["approver"],
            title="Thủ tục cấp bản sao trích lục hộ tịch",
            code="QT-08",
            department=org["ccvc"],
            body=steps_body(action="Tiếp nhận yêu cầu cấp bản sao trích lục và kiểm tra giấy tờ tùy thân"),
        )
    assert "data-label" not in document.current_issue.body_html.split("steps-table", 1)[1].split("</table>")[0]
    sign_in(phone, live_server.url)
    phone.goto(live_server.url + document.url)
    cell = phone.locator(".steps-table td", has_text="Tiếp nhận yêu cầu cấp bản sao trích lục").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "grid"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Trình tự thực hiện"'
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"


def test_staff_search_without_diacritics_on_a_desktop_and_switch_language(live_server, page, documents):
    sign_in(page, live_server.url)
    assert page.locator("html").get_attribute("lang") == "vi"
    page.fill("#search-q", "dang ky ket hon")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=dang+ky+ket+hon")
    assert page.locator(".search-result").count() == 1
    page.locator(".search-result a").first.click()
    assert page.locator("h1").inner_text() == "Thủ tục đăng ký kết hôn"
    assert page.get_by_role("link", name="Tải bản PDF").get_attribute("href") == documents["wanted"].url + "pdf/"
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Download PDF").is_visible()
    assert page.locator("h1").inner_text() == "Thủ tục đăng ký kết hôn"  # the document stays as issued
    page.get_by_role("button", name="VI").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"


def test_staff_download_the_pdf_of_the_current_issue(live_server, page, documents):
    sign_in(page, live_server.url)
    page.goto(live_server.url + documents["wanted"].url)
    href = page.get_by_role("link", name="Tải bản PDF").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.ok, f"{href} answered {response.status}"
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF")


def test_printing_stamps_every_page_as_an_uncontrolled_copy(live_server, page, documents, tmp_path):
    sign_in(page, live_server.url)
    page.goto(live_server.url + documents["wanted"].url)
    page.emulate_media(media="print")
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), format="A4")
    command = ["pdftotext", "-layout", str(pdf), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2, "the document should print on more than one page"
    stamp = f"BẢN KHÔNG KIỂM SOÁT – in ngày {timezone.localdate():%d/%m/%Y}"
    for number, content in enumerate(pages, start=1):
        assert stamp in content, f"page {number} has no stamp"
    # The screen never shows it.
    page.emulate_media(media="screen")
    assert "KIỂM SOÁT" not in page.locator("body").inner_text()


def test_no_serious_accessibility_violation_on_the_four_pages(live_server, page, documents):
    page.goto(live_server.url + "/dang-nhap/")
    problems = {"sign-in": serious_violations(page)}
    sign_in(page, live_server.url)
    problems["library"] = serious_violations(page)
    page.goto(live_server.url + "/search/?q=dang+ky")
    problems["search"] = serious_violations(page)
    page.goto(live_server.url + documents["wanted"].url)
    problems["document"] = serious_violations(page)
    assert problems == {"sign-in": [], "library": [], "search": [], "document": []}
