"""The yearly QMS report: its figures, PDF, .docx, signature and the overseer's year page."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.utils import timezone

from audits.models import CorrectiveAction, Finding
from procedures.models import ControlledDocumentPage
from province.models import YearlyReport
from province.yearly import service
from province.yearly.figures import compute_figures
from province.yearly.render import report_docx, report_pdf
from qms import roles
from qms.immutable import RecordKept
from tests.audits.factories import AuditFactory, CorrectiveActionFactory, FindingFactory, ProgrammeFactory
from tests.procedures.factories import ChangeRequestFactory, add_issue, make_issued_document
from tests.qms.factories import (
    PASSWORD,
    AgencyFactory,
    DepartmentFactory,
    SecretaryFactory,
    StaffFactory,
    UserFactory,
)
from tests.spreadsheet_reading import read_table

YEAR = timezone.localdate().year


def at(month, day, year=YEAR):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


@pytest.fixture
def records(org, section):
    """The agency's year: 3 documents issued (2 new, 1 revision), one from last year, one withdrawn,
    a change request, an audit with 4 findings, 3 corrective actions (1 closed, 1 overdue)."""
    head, approver, auditor = org["head"], org["approver"], org["auditor"]
    ccvc = org["ccvc"]
    new_one = make_issued_document(
        section, approver, title="Quy trình tiếp dân", department=ccvc, became_current_at=at(2, 1)
    )
    revised = make_issued_document(
        section, approver, title="Quy trình tuyển dụng", department=ccvc, became_current_at=at(6, 1, YEAR - 1)
    )
    revised.issues.get().supersede(None, user=approver, at=at(3, 1))
    add_issue(revised, approver, became_current_at=at(3, 1))
    make_issued_document(section, approver, title="Quy trình nâng lương", department=ccvc, became_current_at=at(4, 1))
    make_issued_document(section, approver, title="Quy trình cũ", department=ccvc, became_current_at=at(5, 1, YEAR - 1))
    withdrawn = make_issued_document(
        section, approver, title="Quy trình thi đua", department=ccvc, became_current_at=at(7, 1, YEAR - 1)
    )
    withdrawn.issues.get().withdraw("Hết hiệu lực", user=approver, at=at(5, 5))
    ControlledDocumentPage.objects.filter(pk=withdrawn.pk).update(withdrawn_at=at(5, 5))
    ChangeRequestFactory(document=new_one, raised_by=org["staff"])

    programme = ProgrammeFactory(year=YEAR, approved_by=approver)
    audit = AuditFactory(
        programme=programme, lead_auditor=auditor, departments=[ccvc], started=True, title="Đánh giá Phòng CCVC"
    )
    kinds = [Finding.Kind.MAJOR_NC, Finding.Kind.MINOR_NC, Finding.Kind.MINOR_NC, Finding.Kind.OFI]
    findings = [FindingFactory(audit=audit, kind=kind) for kind in kinds]
    future = datetime.date(YEAR + 1, 3, 1)
    actions = [CorrectiveActionFactory(finding=f, owner=head, due_date=future) for f in findings[:3]]
    CorrectiveAction.objects.filter(pk=actions[0].pk).update(status="closed", closed_at=timezone.now())
    CorrectiveAction.objects.filter(pk=actions[1].pk).update(due_date=datetime.date(YEAR, 1, 1))
    return {"audit": audit, "section": section}


def test_figures_match_the_records(records, org):
    figures = compute_figures(org["ccvc"].agency, YEAR, today=datetime.date(YEAR, 12, 31))
    assert figures["documents"] == {"issued": 3, "new": 2, "revised": 1, "current_at_year_end": 4, "withdrawn": 1}
    assert figures["change_requests"] == {"raised": 1, "closed": 0}
    assert figures["periodic_reviews"] == 0
    assert [a["number"] for a in figures["audits"]] == [records["audit"].number]
    assert figures["audits"][0]["findings"] == 4
    assert figures["findings"] == {"major_nc": 1, "minor_nc": 2, "observation": 0, "ofi": 1, "total": 4}
    assert figures["actions"] == {"raised": 3, "closed": 1, "overdue": 1}
    assert [a["name"] for a in figures["auditors"]] == ["Phạm Thị Mai"]


def test_figures_of_another_agency_or_year_are_empty(records, org):
    other = AgencyFactory()
    figures = compute_figures(other, YEAR)
    assert figures["documents"]["issued"] == 0
    assert figures["audits"] == []
    assert compute_figures(org["ccvc"].agency, YEAR - 5)["findings"]["total"] == 0


def test_figures_take_a_bounded_number_of_queries(records, org, section, django_assert_max_num_queries):
    for n in range(5):
        make_issued_document(section, org["approver"], title=f"Tài liệu {n}", department=org["ccvc"])
    with django_assert_max_num_queries(12):
        compute_figures(org["ccvc"].agency, YEAR)


def _pdf_text(pdf, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607


def test_the_pdf_has_the_official_layout_and_the_figures(records, org, tmp_path):
    report = service.generate(org["ccvc"].agency, YEAR, org["secretary"])
    text = " ".join(_pdf_text(report_pdf(report), tmp_path).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BÁO CÁO" in text
    assert f"theo TCVN ISO 9001 năm {YEAR}" in text
    assert org["ccvc"].agency.agency_name.upper() in text.upper()
    assert "/BC-" in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text
    assert "Sở Khoa học và Công nghệ" in text
    assert records["audit"].number in text
    assert "Tài liệu ban hành trong năm 3" in text


def test_the_docx_opens_and_holds_the_title_and_figures(records, org):
    from docx import Document

    report = service.generate(org["ccvc"].agency, YEAR, org["secretary"])
    document = Document(io.BytesIO(report_docx(report)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert any(f"TCVN ISO 9001 năm {YEAR}" in p for p in paragraphs)
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["1", "Tài liệu ban hành trong năm", "3"] in cells
    assert any(records["audit"].number in row for row in cells)
    header = document.tables[0].rows[0].cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text


def _url(agency, suffix=""):
    return f"/tinh/bao-cao/co-quan/{agency.pk}/{YEAR}/{suffix}"


def test_the_secretary_generates_edits_and_the_approver_signs(client, records, org):
    agency = org["ccvc"].agency
    client.force_login(org["secretary"])
    assert client.post(_url(agency, "tao/")).status_code == 302
    response = client.post(
        _url(agency, "noi-dung/"),
        {
            "number": "15",
            "place": "Tây Ninh",
            "auditor_training": "Lớp ĐGNB tháng 3",
            "assessment": "Hệ thống hiệu lực",
        },
    )
    assert response.status_code == 302
    page = client.get(_url(agency)).content.decode()
    assert "Số: 15/BC-" in page
    assert client.get(_url(agency, "bao-cao.pdf"))["Content-Type"] == "application/pdf"
    assert client.get(_url(agency, "bao-cao.docx")).status_code == 200
    # The secretary does not sign.
    assert client.post(_url(agency, "ky/"), {"password": PASSWORD}).status_code == 403

    client.force_login(org["approver"])
    response = client.post(_url(agency, "ky/"), {"password": "wrong"})
    assert response.status_code == 400
    assert "Sai mật khẩu" in response.content.decode()
    report = YearlyReport.objects.get(agency=agency, year=YEAR)
    assert report.status == YearlyReport.Status.DRAFT and report.signed_by is None and not report.content_sha256

    assert client.post(_url(agency, "ky/"), {"password": PASSWORD}).status_code == 302
    report.refresh_from_db()
    assert report.is_signed and report.signed_by == org["approver"]
    assert report.content_sha256 == report.compute_sha256()
    assert report.assessment == "Hệ thống hiệu lực"


def test_a_signed_report_does_not_change_with_later_data(client, records, org, section):
    agency = org["ccvc"].agency
    report = service.generate(agency, YEAR, org["secretary"])
    service.sign(report, org["approver"])
    frozen = YearlyReport.objects.get(pk=report.pk).figures
    make_issued_document(section, org["approver"], title="Quy trình mới", department=org["ccvc"])
    FindingFactory(audit=records["audit"], kind=Finding.Kind.OBSERVATION)

    client.force_login(org["secretary"])
    client.post(_url(agency, "tao/"))
    client.post(_url(agency, "noi-dung/"), {"assessment": "Sửa sau khi ký"})
    report.refresh_from_db()
    assert report.figures == frozen
    assert report.assessment == ""
    assert report.content_sha256 == report.compute_sha256()
    with pytest.raises(RecordKept):
        report.save()
    with pytest.raises(RecordKept):
        YearlyReport.objects.filter(pk=report.pk).update(assessment="x")
    with pytest.raises(RecordKept):
        report.delete()


def test_regenerating_a_draft_refreshes_its_figures(records, org, section):
    agency = org["ccvc"].agency
    report = service.generate(agency, YEAR, org["secretary"])
    assert report.figures["documents"]["issued"] == 3
    make_issued_document(section, org["approver"], title="Quy trình mới", department=org["ccvc"])
    report = service.generate(agency, YEAR, org["secretary"])
    assert report.figures["documents"]["issued"] == 4
    assert YearlyReport.objects.filter(agency=agency, year=YEAR).count() == 1


def test_staff_and_other_agencies_are_refused(client, records, org):
    agency = org["ccvc"].agency
    service.generate(agency, YEAR, org["secretary"])
    client.force_login(org["staff"])
    assert client.get(_url(agency)).status_code == 403
    assert client.get(_url(agency, "bao-cao.pdf")).status_code == 403
    assert client.post(_url(agency, "tao/")).status_code == 403
    assert client.get("/tinh/bao-cao/").status_code == 403

    other = AgencyFactory()
    stranger = SecretaryFactory(department=DepartmentFactory(agency=other))
    client.force_login(stranger)
    assert client.get(_url(agency)).status_code == 404
    assert client.get(_url(agency, "bao-cao.docx")).status_code == 404
    assert client.post(_url(agency, "tao/")).status_code == 404
    assert client.post(_url(agency, "ky/"), {"password": PASSWORD}).status_code == 404
    assert client.get(f"/tinh/bao-cao/{YEAR}/").status_code == 403
    assert not YearlyReport.objects.filter(agency=other).exists()


def test_the_overseer_sees_every_agency_for_the_year(client, records, org):
    first = org["ccvc"].agency
    drafting = AgencyFactory(agency_name="UBND HUYỆN DRAFT")
    AgencyFactory(agency_name="UBND HUYỆN MISSING")
    AgencyFactory(agency_name="UBND HUYỆN INACTIVE", is_active=False)
    signed = service.generate(first, YEAR, org["secretary"])
    service.sign(signed, org["approver"])
    secretary = SecretaryFactory(department=DepartmentFactory(agency=drafting))
    service.generate(drafting, YEAR, secretary)

    overseer = UserFactory(department=DepartmentFactory(agency=first), role=roles.OVERSEER)
    client.force_login(overseer)
    page = client.get(f"/tinh/bao-cao/{YEAR}/").content.decode()
    assert "UBND HUYỆN INACTIVE" not in page
    rows = {line.split("</a>")[0].split(">")[-1]: line for line in page.split("<tr")[1:] if "data-state" in line}
    assert 'data-state="signed"' in rows[first.agency_name]
    assert 'data-state="draft"' in rows["UBND HUYỆN DRAFT"]
    assert 'data-state="missing"' in page.split("UBND HUYỆN MISSING")[1].split("</tr>")[0]
    # The overseer reads every agency's report, and signs or prepares none.
    assert client.get(_url(drafting)).status_code == 200
    assert client.get(_url(first, "bao-cao.pdf")).status_code == 200
    assert client.post(_url(drafting, "tao/")).status_code == 403
    assert YearlyReport.objects.get(agency=drafting).generated_by == secretary
    assert client.post(_url(drafting, "ky/"), {"password": PASSWORD}).status_code == 403

    response = client.get(f"/tinh/bao-cao/{YEAR}/tong-hop.xlsx")
    table = read_table(response)
    active = list(type(first).objects.active().order_by("agency_name").values_list("agency_name", flat=True))
    assert table.column("Cơ quan") == active
    assert table.column("STT") == list(range(1, len(active) + 1))
    by_name = table.by("Cơ quan")
    assert by_name[first.agency_name][2] == "đã ký"
    # The signing day is a date cell.
    signed_at = YearlyReport.objects.get(pk=signed.pk).signed_at
    assert by_name[first.agency_name][3].date() == timezone.localtime(signed_at).date()
    assert by_name[first.agency_name][4] == 3
    assert by_name["UBND HUYỆN DRAFT"][2] == "dự thảo"
    assert by_name["UBND HUYỆN MISSING"][2] == "chưa có"


def test_a_staff_member_of_an_agency_cannot_read_the_year_page(client, org):
    client.force_login(StaffFactory(department=org["ccvc"]))
    assert client.get(f"/tinh/bao-cao/{YEAR}/").status_code == 403
    assert client.get(f"/tinh/bao-cao/{YEAR}/tong-hop.xlsx").status_code == 403


def test_the_portal_menu_offers_the_reports_to_who_prepares_signs_or_oversees(client, org):
    for role, offered in (("secretary", True), ("approver", True), ("staff", False), ("head", False)):
        client.force_login(org[role])
        menu = client.get("/").content.decode()
        assert ("Báo cáo HTQLCL hằng năm" in menu) is offered, role
