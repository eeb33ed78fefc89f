"""Codes, the body's validation, editing rights and the register."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamValue

from procedures.models import ControlledDocumentPage, DocumentType
from procedures.models.blocks import DocumentBodyBlock
from tests.procedures.factories import ControlledDocumentPageFactory, SectionPageFactory
from tests.procedures.workflow import issue_through_workflow, submit
from tests.spreadsheet_reading import read_table


def test_codes_are_proposed_from_the_type_and_the_next_free_number(org, make_document):
    first, second = make_document(title="A"), make_document(title="B")
    assert (first.code, second.code) == ("QT-01", "QT-02")
    assert DocumentType.objects.get(prefix="QT").propose_code(first.library) == "QT-03"


def test_a_code_is_unique_within_the_agency(org, make_document, section):
    make_document(title="A")
    clash = ControlledDocumentPage(
        title="B", code="QT-01", document_type=DocumentType.objects.get(prefix="QT"), owner_department=org["ccvc"]
    )
    with pytest.raises(ValidationError, match="QT-01"):
        section.add_child(instance=clash)


def test_the_code_is_frozen_after_the_first_issue(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    document = ControlledDocumentPage.objects.get(pk=document.pk)
    document.code = "QT-99"
    with pytest.raises(ValidationError, match="QT-01"):
        document.full_clean()


def steps(limit, *days):
    return {
        "heading": "Trình tự",
        "processing_time_days": limit,
        "steps": [
            {"step": f"B{i}", "action": "Việc", "responsible": "Phòng", "time_days": d, "time_note": "", "result": ""}
            for i, d in enumerate(days, 1)
        ],
    }


def test_steps_longer_than_the_processing_time_are_refused_naming_the_total():
    block = DocumentBodyBlock()
    value = block.to_python([{"type": "steps_table", "value": steps("5", "0.5", "3", "2")}])
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "5,5" in str(error.value.block_errors[0].block_errors["processing_time_days"])
    block.clean(block.to_python([{"type": "steps_table", "value": steps("5", "0.5", "3", "1.5")}]))
    assert isinstance(value, StreamValue)


def test_a_department_head_edits_only_their_own_departments_documents(client, org, make_document, section, library):
    from qms.models import Department

    document = make_document()
    vp = Department.objects.get(code="vp")
    other_section = SectionPageFactory(parent=library, title="Văn phòng", slug="vp", department=vp)
    other = ControlledDocumentPageFactory(parent=other_section, title="Quy trình văn thư")

    client.force_login(org["head"])
    assert client.get(f"/admin/pages/{document.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code == 302  # Wagtail refuses
    assert client.get(f"/admin/pages/add/procedures/controlleddocumentpage/{section.pk}/").status_code == 200
    refused = client.get(f"/admin/pages/add/procedures/controlleddocumentpage/{other_section.pk}/")
    assert refused.status_code == 302

    client.force_login(org["secretary"])
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code == 200
    client.force_login(org["auditor"])
    assert client.get(f"/admin/pages/{document.pk}/edit/").status_code == 302  # Wagtail's refusal
    client.force_login(org["staff"])
    assert client.get(f"/admin/pages/{document.pk}/edit/").status_code == 403  # no admin access at all


def test_nobody_publishes_directly_or_deletes_an_issued_document(client, org, make_document):
    document = make_document()
    issue_through_workflow(client, org, document)
    for role in ("secretary", "head", "approver"):
        client.force_login(org[role])
        perms = ControlledDocumentPage.objects.get(pk=document.pk).permissions_for_user(org[role])
        assert not perms.can_publish(), role
        assert not perms.can_delete(), role


def test_the_register_lists_status_and_exports_xlsx_with_vietnamese_headers(client, org, make_document, tomorrow):
    current = make_document(title="Quy trình đang hiệu lực")
    issue_through_workflow(client, org, current)
    scheduled = make_document(title="Quy trình chờ hiệu lực")
    issue_through_workflow(client, org, scheduled, effective_date=tomorrow)
    in_review = make_document(title="Quy trình đang xem xét")
    submit(in_review, org["head"])
    make_document(title="Quy trình dự thảo")

    client.force_login(org["secretary"])
    page = client.get("/admin/qms/register/").content.decode()
    for text in ("Đang hiệu lực", "Chờ hiệu lực", "Đang xem xét, phê duyệt", "Dự thảo"):
        assert text in page
    filtered = client.get("/admin/qms/register/?status=current").content.decode()
    assert "Quy trình đang hiệu lực" in filtered and "Quy trình dự thảo" not in filtered

    response = client.get("/admin/qms/register/?export=xlsx")
    table = read_table(response)
    assert table.sheet.title == "Danh mục tài liệu nội bộ"
    assert table.headers[:4] == ["STT", "Mã số", "Tên tài liệu", "Loại tài liệu"]
    assert table.column("STT") == list(range(1, len(table.rows) + 1))
    by_title = table.by("Tên tài liệu")
    assert by_title["Quy trình đang hiệu lực"][5] == "1/0"
    assert by_title["Quy trình đang hiệu lực"][7] == "Đang hiệu lực"
    assert by_title["Quy trình chờ hiệu lực"][7] == "Chờ hiệu lực"
    # The effective date is a date cell; a draft has none.
    assert isinstance(by_title["Quy trình đang hiệu lực"][table.headers.index("Ngày hiệu lực")], datetime.datetime)
    assert by_title["Quy trình dự thảo"][table.headers.index("Ngày hiệu lực")] is None
    csv = b"".join(client.get("/admin/qms/register/?export=csv").streaming_content).decode("utf-8-sig")
    assert "Quy trình dự thảo" in csv

    client.force_login(org["staff"])
    assert client.get("/admin/qms/register/").status_code == 403
