"""External documents: the register, citations, and flagging the documents that cite a replaced one."""

import datetime

import pytest

from procedures.models import Citation, ExternalDocumentStatus, ReviewFlag
from qms.models import Notification
from tests.procedures.control_helpers import issue_now, page_text
from tests.procedures.factories import ExternalDocumentFactory
from tests.spreadsheet_reading import read_table


@pytest.fixture
def decrees(db):
    def make(number, title, year):
        return ExternalDocumentFactory(
            number=number, title=title, issuing_body="Chính phủ", issue_date=datetime.date(year, 1, 1), kind="Nghị định"
        )

    return {
        "old": make("45/2010/NĐ-CP", "Quy định về tổ chức, hoạt động và quản lý hội", 2010),
        "new": make("126/2024/NĐ-CP", "Quy định về tổ chức, hoạt động và quản lý hội", 2024),
        "other": make("61/2018/NĐ-CP", "Thực hiện cơ chế một cửa, một cửa liên thông", 2018),
    }


def edit_in_admin(client, user, external, **changes):
    data = {
        "number": external.number,
        "kind": external.kind,
        "title": external.title,
        "issuing_body": external.issuing_body,
        "issue_date": external.issue_date.isoformat(),
        "effective_date": "",
        "status": external.status,
        "replaced_by": "",
        "amended_by": "",
        "link": "",
        "notes": "",
        **changes,
    }
    client.force_login(user)
    return client.post(f"/admin/external_documents/edit/{external.pk}/", data)


def cite(client, user, document, external):
    client.force_login(user)
    return client.post(f"/kiem-soat/tai-lieu/{document.pk}/can-cu/", {"external_document": external.pk, "note": ""})


def test_replacing_a_decree_flags_exactly_the_documents_citing_it(
    client, org, make_document, decrees, django_capture_on_commit_callbacks
):
    associations = make_document("Quy trình thành lập hội")
    charter = make_document("Quy trình phê duyệt điều lệ hội")
    one_stop = make_document("Quy trình tiếp nhận hồ sơ một cửa")
    for document in (associations, charter, one_stop):
        issue_now(client, org, document, django_capture_on_commit_callbacks)
    assert cite(client, org["secretary"], associations, decrees["old"]).status_code == 302
    assert cite(client, org["head"], charter, decrees["old"]).status_code == 302
    cite(client, org["secretary"], one_stop, decrees["other"])
    assert Citation.objects.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = edit_in_admin(
            client,
            org["secretary"],
            decrees["old"],
            status=ExternalDocumentStatus.REPLACED,
            replaced_by=decrees["new"].pk,
        )
    assert response.status_code == 302
    flagged = set(ReviewFlag.objects.open().values_list("document_id", flat=True))
    assert flagged == {associations.pk, charter.pk}
    told = Notification.objects.filter(kind="external_replaced")
    assert {n.recipient.username for n in told} == {"truongphong"}
    assert "45/2010/NĐ-CP" in told.first().text

    client.force_login(org["secretary"])
    listing = page_text(client.get("/kiem-soat/xem-xet-dinh-ky/"))
    assert associations.code in listing and charter.code in listing and one_stop.code not in listing
    assert "45/2010/NĐ-CP" in listing

    # Saving it again flags nothing twice.
    edit_in_admin(
        client, org["secretary"], decrees["old"], status=ExternalDocumentStatus.REPLACED, replaced_by=decrees["new"].pk
    )
    assert ReviewFlag.objects.count() == 2


def test_a_review_clears_the_flag(client, org, make_document, decrees, django_capture_on_commit_callbacks):
    from tests.qms.factories import PASSWORD

    document = make_document()
    issue_now(client, org, document, django_capture_on_commit_callbacks)
    cite(client, org["secretary"], document, decrees["other"])
    decrees["other"].status = ExternalDocumentStatus.EXPIRED
    decrees["other"].save()
    assert ReviewFlag.objects.open().count() == 1
    client.force_login(org["approver"])
    client.post(
        f"/kiem-soat/tai-lieu/{document.pk}/xem-xet/",
        {"outcome": "still_valid", "comment": "Vẫn áp dụng được", "password": PASSWORD},
    )
    flag = ReviewFlag.objects.get()
    assert flag.cleared_at is not None and flag.cleared_by_review is not None


def test_replaced_without_a_successor_is_refused_and_changes_nothing(client, org, decrees):
    response = edit_in_admin(client, org["secretary"], decrees["old"], status=ExternalDocumentStatus.REPLACED)
    assert response.status_code == 200
    assert "Hãy cho biết văn bản nào thay thế" in page_text(response)
    decrees["old"].refresh_from_db()
    assert decrees["old"].status == ExternalDocumentStatus.IN_FORCE


def test_only_the_secretary_keeps_the_register_and_owners_cite(client, org, make_document, decrees):
    response = edit_in_admin(client, org["head"], decrees["old"], status=ExternalDocumentStatus.EXPIRED)
    assert response.status_code in (302, 403) and "/admin/external_documents/" not in response.get("Location", "")
    decrees["old"].refresh_from_db()
    assert decrees["old"].status == ExternalDocumentStatus.IN_FORCE
    document = make_document()
    for who in ("staff", "other_head", "auditor", "approver"):
        assert cite(client, org[who], document, decrees["old"]).status_code == 403, who
    assert not Citation.objects.exists()


def test_the_register_exports_to_excel_with_vietnamese_headers(client, org, make_document, decrees):
    decrees["old"].status = ExternalDocumentStatus.REPLACED
    decrees["old"].replaced_by = decrees["new"]
    decrees["old"].save()
    client.force_login(org["staff"])
    listing = page_text(client.get("/kiem-soat/tai-lieu-ben-ngoai/"))
    assert "45/2010/NĐ-CP" in listing and "126/2024/NĐ-CP" in listing
    export = client.get("/kiem-soat/tai-lieu-ben-ngoai/?format=xlsx")
    table = read_table(export)
    assert table.headers[:5] == ["STT", "Số, ký hiệu", "Loại văn bản", "Trích yếu", "Cơ quan ban hành"]
    assert table.column("STT") == [1, 2, 3]
    by_number = table.by("Số, ký hiệu")
    assert set(by_number) == {"45/2010/NĐ-CP", "126/2024/NĐ-CP", "61/2018/NĐ-CP"}
    assert by_number["45/2010/NĐ-CP"][7] == "Đã bị thay thế"
    assert by_number["45/2010/NĐ-CP"][8] == "126/2024/NĐ-CP"
    # The issue date is a date cell, as the register shows it.
    issued = by_number["45/2010/NĐ-CP"][table.headers.index("Ngày ban hành")]
    assert isinstance(issued, datetime.datetime) and issued.date() == decrees["old"].issue_date


def test_the_admin_history_shows_who_changed_what(client, org, decrees):
    edit_in_admin(
        client, org["secretary"], decrees["other"], status=ExternalDocumentStatus.AMENDED, amended_by="107/2021/NĐ-CP"
    )
    client.force_login(org["auditor"])
    history = page_text(client.get(f"/admin/external_documents/history/{decrees['other'].pk}/"))
    assert "Nguyễn Thị Thu Hà" in history
    assert "Còn hiệu lực → Còn hiệu lực, đã được sửa đổi" in history
    assert "107/2021/NĐ-CP" in history
