"""The controlled-copy register, the zip export of current issues, and the demo holders."""

import io
import zipfile
from io import StringIO

from procedures.models import ControlledCopy, CopyExport, CopyExportStatus, RenderedCopy
from tests.procedures.pdf_fixtures import withdraw
from tests.procedures.workflow import issue_through_workflow
from tests.qms.factories import DepartmentFactory
from tests.spreadsheet_reading import read_table


def test_the_secretary_issues_numbered_copies_and_records_their_withdrawal(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    url = f"/admin/qms/copies/{document.pk}/"
    client.force_login(org["secretary"])
    assert "Cấp bản kiểm soát của lần ban hành 1, lần sửa đổi 0" in client.get(url).content.decode()
    explorer = client.get(f"/admin/pages/{document.get_parent().pk}/").content.decode()
    assert url in explorer  # the "PDF copies" button of the page listing
    assert client.post(url, {"holder_department": org["ccvc"].pk}).status_code == 302
    assert client.post(url, {"holder_user": org["staff"].pk}).status_code == 302
    refused = client.post(url, {"holder_user": org["staff"].pk, "holder_department": org["ccvc"].pk}, follow=True)
    assert "không chọn cả hai" in refused.content.decode()
    copies = list(ControlledCopy.objects.filter(issue=issue))
    assert [(c.number, str(c.holder)) for c in copies] == [(1, org["ccvc"].name), (2, "Võ Thị Ngọc Lan")]
    pdf = client.get(f"/admin/qms/controlled-copies/{copies[0].pk}/pdf/")
    assert pdf.status_code == 200
    assert RenderedCopy.objects.get(controlled_copy=copies[0]).kind == "controlled"

    client.force_login(org["approver"])
    # The admin answers a refused action by sending the user back to its home page.
    assert client.post(url, {"holder_department": org["ccvc"].pk})["Location"] == "/admin/"
    assert client.post(url, {"withdraw": copies[0].pk})["Location"] == "/admin/"
    assert ControlledCopy.objects.count() == 2 and not ControlledCopy.objects.filter(withdrawn_at__isnull=False)
    assert "Phòng Công chức, viên chức" in client.get("/admin/qms/controlled-copies/?show=all").content.decode()

    # A new issue takes effect: the holders' copies of the old one are due back.
    with django_capture_on_commit_callbacks(execute=True):
        issue_through_workflow(client, org, document, change_summary="Bổ sung bước 3")
    due = client.get("/admin/qms/controlled-copies/").content.decode()
    assert "Võ Thị Ngọc Lan" in due and "phải thu hồi từ ngày" in due
    assert ControlledCopy.objects.due_for_withdrawal().count() == 2

    client.force_login(org["secretary"])
    assert client.post("/admin/qms/controlled-copies/", {"withdraw": copies[0].pk}).status_code == 302
    copies[0].refresh_from_db()
    assert copies[0].withdrawn_by == org["secretary"] and copies[0].withdrawn_at is not None
    assert copies[0].history.count() == 3  # issued, flagged, withdrawn
    again = client.post("/admin/qms/controlled-copies/", {"withdraw": copies[0].pk}, follow=True)
    assert "Bản này đã được thu hồi." in again.content.decode()
    # Copies of a superseded issue are not issued any more.
    client.post(url, {"holder_department": org["ccvc"].pk})
    assert ControlledCopy.objects.filter(issue=issue).count() == 2


def test_withdrawing_the_document_flags_every_copy(client, org, make_document, django_capture_on_commit_callbacks):
    document = make_document()
    issue = issue_through_workflow(client, org, document)
    client.force_login(org["secretary"])
    client.post(f"/admin/qms/copies/{document.pk}/", {"holder_department": org["ccvc"].pk})
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(document, org["approver"])
    (copy,) = ControlledCopy.objects.filter(issue=issue)
    assert copy.withdrawal_due_at is not None


def test_the_zip_export_holds_current_issues_and_the_register_with_progress(
    client, org, make_document, django_capture_on_commit_callbacks
):
    from procedures.models import DocumentType

    first = make_document()
    issue_through_workflow(client, org, first)
    second = make_document(title="Quy trình nâng ngạch")
    issue_through_workflow(client, org, second)
    make_document(title="Dự thảo chưa ban hành")
    client.force_login(org["secretary"])
    assert "Bắt đầu xuất" in client.get("/admin/qms/exports/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/qms/exports/", {"department": "", "document_type": ""})
    export = CopyExport.objects.get()
    assert response["Location"] == f"/admin/qms/exports/{export.pk}/"
    assert (export.status, export.done, export.total) == (CopyExportStatus.DONE, 2, 2)
    status = client.get(f"/admin/qms/exports/{export.pk}/").content.decode()
    assert "2 trên 2" in status and 'http-equiv="refresh"' not in status
    download = client.get(f"/admin/qms/exports/{export.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == ["QT-01_lan-1-0.pdf", "QT-02_lan-1-0.pdf", "danh-muc-tai-lieu-noi-bo.xlsx"]
    assert archive.read("QT-01_lan-1-0.pdf").startswith(b"%PDF-")
    # The register in it is the agency's form, headed by the requester's agency.
    register = read_table(archive.read("danh-muc-tai-lieu-noi-bo.xlsx"))
    heading = [register.sheet["A1"].value, register.sheet["A2"].value]
    assert org["secretary"].agency.agency_name.upper() in heading
    assert {"QT-01", "QT-02"} <= set(register.column("Mã số"))
    assert register.column("STT") == list(range(1, len(register.rows) + 1))

    other = DepartmentFactory(name="Thanh tra", code="tt2")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/qms/exports/", {"department": other.pk, "document_type": ""})
    filtered = CopyExport.objects.order_by("-pk").first()
    assert (filtered.status, filtered.total) == (CopyExportStatus.DONE, 0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/qms/exports/", {"document_type": DocumentType.objects.get(prefix="QT").pk})
    assert CopyExport.objects.order_by("-pk").first().total == 2

    client.force_login(org["auditor"])
    assert client.get(f"/admin/qms/exports/{export.pk}/").status_code == 200
    before = CopyExport.objects.count()
    assert client.post("/admin/qms/exports/", {})["Location"] == "/admin/"
    assert CopyExport.objects.count() == before
    client.force_login(org["head"])
    assert client.get("/admin/qms/exports/")["Location"] == "/admin/"
    assert client.get(f"/admin/qms/exports/{export.pk}/download/")["Location"] == "/admin/"


def test_demo_holders_are_registered_once_and_tolerate_no_documents(client, org, make_document):
    from procedures.demo import controlled_copies
    from qms.demo import organisation

    organisation.build(StringIO())
    controlled_copies.build(StringIO())
    assert not ControlledCopy.objects.exists()
    issue_through_workflow(client, org, make_document())
    controlled_copies.build(StringIO())
    controlled_copies.build(StringIO())
    assert ControlledCopy.objects.count() == 2
