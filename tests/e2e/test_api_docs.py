"""The API's documentation page in a real browser, under the site's Content Security Policy: Swagger UI
speaks Vietnamese by default (its tags and its own labels, before and after trying an operation) and
English with the switch, and every file it loads comes from the site itself."""

import re

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def docs_page(browser, live_server, base_data, org):
    # The site's own Content Security Policy applies (no bypass), as for a reader.
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, live_server.url)
    yield page, requested
    context.close()


DOCUMENTS = '.opblock-summary-path[data-path="/api/v1/documents/"]'


def visible_text(page):
    return page.locator("#swagger-ui").inner_text()


def test_swagger_ui_speaks_vietnamese_and_english_with_the_switch(live_server, docs_page):
    page, requested = docs_page
    page.goto(live_server.url + "/api/docs/")
    page.locator(".opblock-tag", has_text="Tài liệu").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "vi"
    tags = page.locator("h3.opblock-tag").evaluate_all("headings => headings.map((h) => h.dataset.tag)")
    assert tags == ["Tài liệu", "Danh mục", "Đánh giá nội bộ"]
    assert page.get_by_role("button", name="Xác thực").first.is_visible()

    page.locator(DOCUMENTS).click()
    operation = page.locator(".opblock.is-open").first
    operation.get_by_role("button", name="Thử gọi").wait_for()
    text = operation.inner_text()
    assert "Tham số" in text and "Phản hồi" in text
    operation.get_by_role("button", name="Thử gọi").click()
    operation.get_by_role("button", name="Gửi yêu cầu").click()
    operation.locator(".responses-inner h4", has_text="Phản hồi của máy chủ").wait_for()
    text = visible_text(page)
    assert "Địa chỉ yêu cầu" in text and "Nội dung phản hồi" in text and "Xoá kết quả" in text
    for english in ("Parameters", "Try it out", "Execute", "Responses", "Server response", "Request URL", "Authorize"):
        assert not re.search(rf"(^|\n){re.escape(english)}(\n|$)", text), english

    # Every script, style and schema came from the site itself (no CDN).
    assert requested and all(url.startswith(live_server.url) for url in requested), requested

    page.goto(live_server.url + "/api/docs/")
    page.locator(".api-docs-bar button[value=en]").click()
    page.wait_for_url(live_server.url + "/api/docs/")
    page.locator(".opblock-tag", has_text="Documents").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(DOCUMENTS).click()
    page.locator(".opblock.is-open").first.get_by_role("button", name="Try it out").wait_for()
    assert "Parameters" in page.locator(".opblock.is-open").first.inner_text()
