"""The steps table edited as a grid: what the server gives the grid, and what it keeps.

The browser side (rows added with the keyboard, numbering, the live total) is
tests/e2e/test_steps_grid.py."""

import html
import json

from django.utils import translation
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from procedures.admin.steps_grid import StepsTableBlockAdapter
from procedures.models import ControlledDocumentPage
from procedures.models.blocks import StepsTableBlock
from tests.procedures.factories import steps_body

STEP_KEYS = {"step", "action", "responsible", "time_days", "time_note", "result"}


def step(number, action, responsible, days="", note="", result=""):
    return {
        "step": number,
        "action": action,
        "responsible": responsible,
        "time_days": days,
        "time_note": note,
        "result": result,
    }


def list_block(items):
    """A ListBlock as Wagtail's editor posts it (count, then each row's value, order, id, deleted)."""
    data = {"count": len(items)}
    for index, value in enumerate(items):
        data[str(index)] = {"value": value, "order": index, "id": "", "deleted": ""}
    return data


def edit_data(document, steps, limit="5"):
    data = {
        "title": document.title,
        "slug": document.slug,
        "code": document.code,
        "document_type": document.document_type_id,
        "owner_department": document.owner_department_id,
        "review_interval_months": "",
        "body": streamfield(
            [
                ("section", {"kind": "purpose", "heading": "1. Mục đích", "body": rich_text("<p>Mục đích</p>")}),
                (
                    "steps_table",
                    {"heading": "5. Trình tự thực hiện", "processing_time_days": limit, "steps": list_block(steps)},
                ),
            ]
        ),
        "change_type": "amendment",
        "change_summary": "",
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    }
    return nested_form_data(data)


def in_editor_data(text, page):
    """The editor's block definitions, values and errors are JSON in an HTML attribute."""
    return json.dumps(text)[1:-1] in html.unescape(page)


def test_the_grid_gets_its_columns_and_messages_in_vietnamese():
    with translation.override("vi"):
        name, children, meta = StepsTableBlockAdapter().js_args(StepsTableBlock())
        grid = meta["stepsGrid"]
        strings = {
            key: [str(s) for s in value] if isinstance(value, list) else str(value)
            for key, value in grid["strings"].items()
        }
        step_form = StepsTableBlock().child_blocks["steps"].child_block.render_form_template()
    assert strings["columns"] == ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu, kết quả"]
    assert strings["add"] == "Thêm bước"
    # The browser fills in the figures, with a decimal comma.
    assert strings["total"] == "Tổng thời gian: %(total)s / %(limit)s ngày làm việc"
    assert strings["totalNoLimit"] == "Tổng thời gian: %(total)s ngày làm việc"
    assert strings["over"] == "Vượt thời gian giải quyết theo quy định %(over)s ngày làm việc."
    # The legal time is read from the table's own box, the times from each row's.
    assert (grid["limitField"], grid["stepsField"], grid["stepField"], grid["timeField"]) == (
        "processing_time_days",
        "steps",
        "step",
        "time_days",
    )
    assert [child.name for child in children] == ["heading", "processing_time_days", "steps"]
    # Each step is one row whose boxes keep a label of their own (shown on a phone).
    for child in ("step", "action", "responsible", "time_days", "time_note", "result"):
        assert f'for="__PREFIX__-{child}"' in step_form
        assert f'data-structblock-child="{child}"' in step_form
    assert "Thời gian (ghi bằng chữ)" in step_form


def test_the_editor_loads_the_grid_for_a_table_saved_before_it(client, org, make_document):
    document = make_document(body=steps_body())
    client.force_login(org["head"])
    editor = client.get(f"/admin/pages/{document.pk}/edit/").content.decode()
    assert "procedures/steps-grid.js" in editor
    assert "procedures/steps-grid.css" in editor
    assert "procedures.blocks.StepsTableBlock" in editor
    assert in_editor_data("Thêm bước", editor)
    assert in_editor_data("Thẩm định hồ sơ, lập tờ trình", editor)  # the stored rows, unchanged


def test_saving_from_the_grid_stores_the_steps_as_before(client, org, make_document):
    document = make_document(body=steps_body())
    client.force_login(org["head"])
    steps = [
        step("B1", "Tiếp nhận hồ sơ", "Bộ phận một cửa", days="0.5", result="Giấy biên nhận"),
        step("B2a", "Thẩm định hồ sơ", "Phòng CCVC", days="3"),
        step("B3", "Trình ký", "Lãnh đạo Sở", note="Giờ hành chính", days="1.5", result="Quyết định"),
    ]
    response = client.post(f"/admin/pages/{document.pk}/edit/", edit_data(document, steps, limit="5"))
    assert response.status_code == 302

    draft = ControlledDocumentPage.objects.get(pk=document.pk).get_latest_revision()
    body = draft.content["body"]
    table = next(block for block in json.loads(body) if block["type"] == "steps_table")
    assert table["value"]["processing_time_days"] == "5"
    stored = [row["value"] for row in table["value"]["steps"]]
    assert all(set(row) == STEP_KEYS for row in stored)
    assert [(row["step"], row["time_days"], row["time_note"]) for row in stored] == [
        ("B1", "0.5", ""),
        ("B2a", "3", ""),
        ("B3", "1.5", "Giờ hành chính"),
    ]
    assert all(row["id"] for row in table["value"]["steps"])  # ListBlock rows keep ids, as Wagtail stores them


def test_steps_over_the_legal_time_are_still_refused_in_vietnamese(client, org, make_document):
    document = make_document(body=steps_body())
    before = document.revisions.count()
    client.force_login(org["head"])
    steps = [
        step("B1", "Tiếp nhận hồ sơ", "Bộ phận một cửa", days="2.5"),
        step("B2", "Thẩm định hồ sơ", "Phòng CCVC", days="3"),
    ]
    response = client.post(f"/admin/pages/{document.pk}/edit/", edit_data(document, steps, limit="5"))
    assert response.status_code == 200
    assert in_editor_data("Tổng thời gian các bước là 5,5 ngày làm việc", response.content.decode())
    assert document.revisions.count() == before
