"""Records list (danh mục hồ sơ): kept by the secretary, exported, chosen from procedures' records blocks."""

from procedures.models import RecordType
from procedures.models.blocks import DocumentBodyBlock
from tests.procedures.control_helpers import issue_now, page_text
from tests.procedures.factories import RecordTypeFactory
from tests.spreadsheet_reading import read_table

ADD_URL = "/admin/snippets/procedures/recordtype/add/"


def record_data(org, **changes):
    return {
        "code": "HS-01",
        "name": "Hồ sơ tuyển dụng công chức",
        "form_code": "BM-01-02",
        "keeper_department": org["ccvc"].pk,
        "place": "Tủ hồ sơ phòng CCVC",
        "retention_years": "10",
        "disposal_method": "Lập danh sách, hội đồng thẩm định, tiêu hủy",
        **changes,
    }


def test_the_secretary_adds_a_record_type_and_bad_retention_is_refused(client, org):
    client.force_login(org["secretary"])
    both = client.post(ADD_URL, record_data(org, permanent="on"))
    assert both.status_code == 200 and "Hồ sơ lưu vĩnh viễn thì không ghi số năm" in page_text(both)
    neither = client.post(ADD_URL, record_data(org, retention_years=""))
    assert neither.status_code == 200
    assert not RecordType.objects.exists()

    assert client.post(ADD_URL, record_data(org)).status_code == 302
    client.post(ADD_URL, record_data(org, code="HS-02", name="Sổ theo dõi hồ sơ", retention_years="", permanent="on"))
    assert RecordType.objects.count() == 2
    (created,) = RecordType.history.filter(code="HS-01")
    assert created.history_user == org["secretary"]
    client.force_login(org["auditor"])
    history = page_text(client.get(f"/admin/snippets/procedures/recordtype/history/{created.id}/"))
    assert "Nguyễn Thị Thu Hà" in history and "Tạo mới" in history


def test_department_heads_and_staff_do_not_keep_the_records_list(client, org):
    client.force_login(org["head"])
    response = client.post(ADD_URL, record_data(org))
    assert response.status_code in (302, 403)
    client.force_login(org["staff"])
    client.post(ADD_URL, record_data(org))
    assert not RecordType.objects.exists()


def test_the_records_list_exports_to_excel(client, org):
    RecordTypeFactory(code="HS-02", name="Sổ theo dõi", keeper_department=org["ccvc"], permanent=True)
    RecordTypeFactory(code="HS-01", name="Hồ sơ tuyển dụng", keeper_department=org["ccvc"], retention_years=10)
    client.force_login(org["staff"])
    listing = page_text(client.get("/kiem-soat/danh-muc-ho-so/"))
    assert "Hồ sơ tuyển dụng" in listing and "Vĩnh viễn" in listing and "10 năm" in listing
    table = read_table(client.get("/kiem-soat/danh-muc-ho-so/?format=xlsx"))
    assert table.sheet.title == "Danh mục hồ sơ"
    assert table.headers == [
        "STT",
        "Mã hồ sơ",
        "Tên hồ sơ",
        "Biểu mẫu",
        "Đơn vị lưu giữ",
        "Nơi lưu",
        "Thời gian lưu",
        "Phương pháp hủy",
    ]
    assert [(r[0], r[1], r[6]) for r in table.rows] == [(1, "HS-01", "10 năm"), (2, "HS-02", "Vĩnh viễn")]


RECORDS_BLOCK = {
    "type": "records_kept",
    "value": {
        "heading": "6. Hồ sơ lưu",
        "records": [
            {"record": "Đơn dự tuyển", "form_code": "BM-01", "keeper": "Phòng CCVC", "retention": "5 năm", "place": ""}
        ],
    },
}


def test_records_blocks_saved_before_the_chooser_stay_valid_and_can_point_to_the_list(
    client, org, make_document, django_capture_on_commit_callbacks
):
    # Stream data without the new record_type key: still valid, still issued.
    block = DocumentBodyBlock()
    value = block.to_python([RECORDS_BLOCK])
    block.clean(value)
    document = make_document(body=[RECORDS_BLOCK])
    issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
    assert "Đơn dự tuyển" in issue.body_html

    record_type = RecordTypeFactory(
        code="HS-01", name="Hồ sơ tuyển dụng", keeper_department=org["ccvc"], retention_years=10
    )
    chosen = {**RECORDS_BLOCK["value"]["records"][0], "record_type": record_type.pk}
    value = block.to_python([{"type": "records_kept", "value": {"heading": "Hồ sơ lưu", "records": [chosen]}}])
    cleaned = block.clean(value)
    assert cleaned[0].value["records"][0]["record_type"] == record_type
