"""Word export of issues and drafts, and the round trip import → issue → export → import."""

import io

from docx import Document

from procedures.models import ControlledDocumentPage
from procedures.wordio import drafts
from procedures.wordio.files import Entry
from procedures.wordio.reading import read_docx
from tests.procedures.word_samples import procedure_docx
from tests.procedures.workflow import issue_through_workflow
from tests.qms.factories import SecretaryFactory

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _imported(org, section, **kwargs):
    importer = SecretaryFactory(username="thuky2", department=org["ccvc"])
    plans = drafts.plan(importer, section, [Entry("qt07.docx", procedure_docx(**kwargs))])
    return drafts.create_drafts(importer, section, plans)[0][1]


def _comparable(body):
    """The parts a round trip must keep: sections, steps, records, tables (image ids differ)."""
    kept = []
    for kind, value in body:
        if kind == "image":
            kept.append(("image",))
        elif kind == "records_kept":
            kept.append(
                (kind, value["heading"], [{k: v for k, v in r.items() if k != "record_type"} for r in value["records"]])
            )
        elif kind == "steps_table":
            steps = [
                {**s, "time_days": None if s["time_days"] in (None, "") else float(s["time_days"])}
                for s in value["steps"]
            ]
            limit = value["processing_time_days"]
            kept.append((kind, value["heading"], None if limit in (None, "") else float(limit), steps))
        elif kind == "table":
            kept.append((kind, value["data"], value["mergeCells"]))
        elif kind == "legal_basis":
            kept.append((kind, value["heading"], list(value["items"])))
        elif kind == "forms":
            kept.append((kind, value["heading"], [(f["code"], f["title"]) for f in value["forms"]]))
        else:
            kept.append((kind, value["kind"], value["heading"], value["body"]))
    return kept


def test_round_trip_import_issue_export_import(client, org, section):
    page = _imported(org, section, legal_basis=True, forms="list")
    issue = issue_through_workflow(client, org, page, change_summary="Chuyển sang hệ thống")
    client.force_login(org["staff"])
    response = client.get(page.url + "word/")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    again = read_docx(response.content, "export.docx")
    assert again.errors == []
    assert (again.code, again.title, again.edition, again.amendment, again.effective_date) == (
        issue.code,
        issue.title,
        issue.edition,
        issue.amendment,
        issue.effective_date,
    )
    original = read_docx(procedure_docx(legal_basis=True, forms="list"), "qt07.docx")
    assert [kind for kind, _value in original.body][-2:] == ["legal_basis", "forms"]
    assert _comparable(again.body) == _comparable(original.body)
    # The signature table names the electronic signers of the issue; the history keeps the paper rows first.
    assert {s["name"] for s in again.signers} == {
        "Thuky2",  # the secretary who imported it is an author too
        org["head"].full_name,
        org["secretary"].full_name,
        org["approver"].full_name,
    }
    assert [row["content"] for row in again.amendments] == [
        "Ban hành lần đầu",
        "Rút ngắn thời gian thẩm định",
        "Chuyển sang hệ thống",
    ]


def test_the_word_copy_has_the_header_signature_and_amendment_tables(client, org, section):
    page = _imported(org, section)
    issue_through_workflow(client, org, page, change_summary="Chuyển sang hệ thống")
    client.force_login(org["staff"])
    document = Document(io.BytesIO(client.get(page.url + "word/").content))
    header, signatures, history = document.tables[:3]
    header_text = " ".join(cell.text for cell in header._cells)
    assert "SỞ NỘI VỤ" in header_text or "Sở" in header_text
    assert "Mã số: QT-07" in header_text and "Lần ban hành: 03" in header_text and "Lần sửa đổi: 02" in header_text
    assert [c.text for c in signatures.rows[0].cells][1:] == ["Người soạn thảo", "Người xem xét", "Người phê duyệt"]
    assert "Đã ký điện tử" in " ".join(c.text for c in signatures.rows[3].cells)
    assert history.rows[0].cells[0].text == "THEO DÕI SỬA ĐỔI TÀI LIỆU"
    assert "BẢN KHÔNG KIỂM SOÁT" in " ".join(p.text for p in document.paragraphs[:3])


def test_a_reader_of_another_agency_gets_no_word_copy(client, org, section):
    from tests.qms.factories import AgencyFactory, StaffFactory

    page = _imported(org, section)
    issue_through_workflow(client, org, page, change_summary="Chuyển sang hệ thống")
    client.force_login(StaffFactory(username="nhanvien_khac", agency=AgencyFactory()))
    assert client.get(page.url + "word/").status_code == 404


def test_the_draft_as_word_is_for_its_editors(client, org, section):
    page = _imported(org, section)
    client.force_login(org["head"])
    response = client.get(f"/admin/qms/draft-word/{page.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    read = read_docx(response.content, "draft.docx")
    # The draft shows the number it will take: the paper's 3/1 continues to 3/2.
    assert (read.code, read.edition, read.amendment) == ("QT-07", 3, 2)
    assert [s["name"] for s in read.signers] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    client.force_login(org["staff"])
    assert client.get(f"/admin/qms/draft-word/{page.pk}/").status_code in (302, 403)
    client.force_login(org["other_head"])  # the head of another department
    refused = client.get(f"/admin/qms/draft-word/{page.pk}/")
    assert refused.status_code in (302, 403) and refused.get("Content-Type") != DOCX


def test_the_paper_original_shows_on_the_page_and_in_the_pdf(client, org, section):
    from procedures.copies import printing
    from procedures.models import CopyKind

    page = _imported(org, section)
    issue = issue_through_workflow(client, org, page, change_summary="Chuyển sang hệ thống")
    client.force_login(org["staff"])
    html = client.get(page.url).content.decode()
    assert "Nguyễn Văn An" in html and "Rút ngắn thời gian thẩm định" in html and "02/01/2019" in html
    assert "Lê Văn Cường" not in str(
        ControlledDocumentPage.objects.get(pk=page.pk).issues.get().signatures.values_list("printed_name")
    )
    printed = printing.build_html(issue, CopyKind.UNCONTROLLED, code="ABCD1234", print_date=issue.effective_date)
    assert "Rút ngắn thời gian thẩm định" in printed and "Nguyễn Văn An" in printed
