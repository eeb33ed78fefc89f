"""The ISO secretary fills a procedure's steps table as a grid, with the keyboard.

The server side (the grid's strings, what is stored, the over-limit refusal) is
tests/procedures/test_steps_grid.py. Set QMS_SCREENSHOTS=1 to write
docs/screenshots/steps-grid-1366.png and steps-grid-390.png."""

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from procedures.models import ControlledDocumentPage
from tests.procedures.factories import ControlledDocumentPageFactory
from tests.qms.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
GRID = ".steps-grid"
ROWS = ".steps-grid [data-streamfield-child]:visible"

# One step saved before the grid existed, as the Word import and the demo store it.
BODY = [
    {
        "type": "steps_table",
        "value": {
            "heading": "5. Trình tự thực hiện",
            "processing_time_days": "5",
            "steps": [
                {
                    "type": "item",
                    "value": {
                        "step": "B1",
                        "action": "Tiếp nhận hồ sơ, kiểm tra thành phần hồ sơ",
                        "responsible": "Bộ phận một cửa",
                        "time_days": "1",
                        "time_note": "",
                        "result": "Giấy biên nhận",
                    },
                    "id": "7d3c3c1e-0000-4000-8000-000000000001",
                }
            ],
        },
    }
]


def sign_in(page, base_url, username):
    page.goto(base_url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(base_url + "/")


def shot(page, name, centre=GRID):
    if os.environ.get("QMS_SCREENSHOTS") == "1":
        page.locator(centre).first.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def numbers(page):
    return [field.input_value() for field in page.locator(f"{ROWS} input[name$='-value-step']").all()]


def expect_total(page, text):
    expect(page.locator(".steps-grid__total")).to_have_text(text)


def expect_numbers(page, expected):
    """The step numbers, once the grid has rewritten them (on the next frame)."""
    page.wait_for_function(
        "expected => [...document.querySelectorAll('.steps-grid [data-streamfield-child]')]"
        ".filter(row => row.offsetParent !== null)"
        ".map(row => row.querySelector('input[name$=\"-value-step\"]').value).join() === expected",
        arg=",".join(expected),
    )
    assert numbers(page) == expected


@pytest.fixture
def draft(base_data, section, org):
    return ControlledDocumentPageFactory(
        parent=section, title="Quy trình cấp giấy phép", body=BODY, revision_by=org["head"]
    )


def test_the_secretary_fills_the_steps_grid_with_the_keyboard(live_server, browser, draft, settings):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # no background saves racing the buttons
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    url = live_server.url
    sign_in(page, url, "thuky")
    page.goto(f"{url}/admin/pages/{draft.pk}/edit/")
    grid = page.locator(GRID)
    for heading in ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu, kết quả"]:
        assert heading in grid.locator(".steps-grid__head").inner_text()
    expect_numbers(page, ["B1"])
    expect_total(page, "Tổng thời gian: 1 / 5 ngày làm việc")

    # Tab in the last box of the last row adds a step; its number is filled in and the
    # cursor waits in "Nội dung công việc".
    page.locator(f"{ROWS} input[name$='-value-result']").last.focus()
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.activeElement.name && document.activeElement.name.endsWith('-value-action')")
    expect_numbers(page, ["B1", "B2"])
    page.keyboard.type("Thẩm định hồ sơ")
    page.keyboard.press("Tab")
    page.keyboard.type("Phòng Công chức, viên chức")
    page.keyboard.press("Tab")
    page.keyboard.type("2.5")
    expect_total(page, "Tổng thời gian: 3,5 / 5 ngày làm việc")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Tờ trình")
    # Enter in the row's last box adds the next step.
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.name && document.activeElement.name.endsWith('-value-action')")
    expect_numbers(page, ["B1", "B2", "B3"])
    page.keyboard.type("Trình lãnh đạo Sở ký quyết định")
    page.keyboard.press("Tab")
    page.keyboard.type("Lãnh đạo Sở")
    page.keyboard.press("Tab")
    page.keyboard.type("3")

    # Over the legal processing time: the total turns into a warning.
    status = page.locator(".steps-grid__total")
    expect(status).to_have_text(
        re.compile(
            r"^Tổng thời gian: 6,5 / 5 ngày làm việc\s*Vượt thời gian giải quyết theo quy định 1,5 ngày làm việc\.$"
        )
    )
    expect(status).to_have_class(re.compile("steps-grid__total--over"))
    shot(page, "steps-grid-1366.png")

    # Back within it; the last step moved up becomes B2 and the other B3.
    page.locator(f"{ROWS} input[name$='-value-time_days']").last.fill("1.5")
    expect_total(page, "Tổng thời gian: 5 / 5 ngày làm việc")
    expect(status).not_to_have_class(re.compile("steps-grid__total--over"))
    page.locator(ROWS).last.locator("button[data-streamfield-action='MOVE_UP']").click()
    expect_numbers(page, ["B1", "B2", "B3"])
    actions = [field.input_value() for field in page.locator(f"{ROWS} textarea[name$='-value-action']").all()]
    assert actions == [
        "Tiếp nhận hồ sơ, kiểm tra thành phần hồ sơ",
        "Trình lãnh đạo Sở ký quyết định",
        "Thẩm định hồ sơ",
    ]

    with page.expect_navigation():
        page.locator("button.action-save").click()
    page.reload()
    expect_numbers(page, ["B1", "B2", "B3"])
    actions = [field.input_value() for field in page.locator(f"{ROWS} textarea[name$='-value-action']").all()]
    assert actions == [
        "Tiếp nhận hồ sơ, kiểm tra thành phần hồ sơ",
        "Trình lãnh đạo Sở ký quyết định",
        "Thẩm định hồ sơ",
    ]
    expect_total(page, "Tổng thời gian: 5 / 5 ngày làm việc")
    revision = ControlledDocumentPage.objects.get(pk=draft.pk).get_latest_revision()
    stored = json.loads(revision.content["body"])[0]["value"]
    assert [(row["value"]["step"], row["value"]["time_days"]) for row in stored["steps"]] == [
        ("B1", "1"),
        ("B2", "1.5"),
        ("B3", "2.5"),
    ]
    assert stored["steps"][0]["id"] == "7d3c3c1e-0000-4000-8000-000000000001"  # the row saved before is the same row
    context.close()


def test_on_a_phone_each_step_is_a_card_with_its_labels(live_server, browser, draft):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    url = live_server.url
    sign_in(page, url, "thuky")
    page.goto(f"{url}/admin/pages/{draft.pk}/edit/")
    row = page.locator(ROWS).first
    assert row.get_by_label("Nội dung công việc").is_visible()
    assert row.get_by_label("Trách nhiệm").is_visible()
    assert page.locator(".steps-grid__head").is_hidden()
    page.get_by_role("button", name="Thêm bước").click()
    expect_numbers(page, ["B1", "B2"])
    # Nothing wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shot(page, "steps-grid-390.png", centre=".steps-grid__footer")
    context.close()
