from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from qms import roles
from qms.demo import DEMO_PASSWORD
from qms.models import Agency, Department, User


def counts():
    from audits.models import Audit, AuditProgramme
    from procedures.models import Adoption, ControlledDocumentPage, Distribution, Issue, ReadingAssignment, Signature
    from qms.models import RoleGrant

    return {
        "agencies": Agency.objects.count(),
        "role grants": RoleGrant.objects.count(),
        "adoptions": Adoption.objects.count(),
        "distribution": Distribution.objects.count(),
        "reading assignments": ReadingAssignment.objects.count(),
        "programmes": AuditProgramme.objects.count(),
        "audits": Audit.objects.count(),
        "users": User.objects.count(),
        "departments": Department.objects.count(),
        "groups": Group.objects.count(),
        "documents": ControlledDocumentPage.objects.count(),
        "issues": Issue.objects.count(),
        "signatures": Signature.objects.count(),
    }


def test_load_demo_twice_gives_the_same_counts(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first
    assert first["departments"] >= 6
    assert first["documents"] >= 25


def test_demo_documents_cover_every_state_the_register_knows(db, settings):
    from procedures.control.registers import DocumentStatus, decorate, register_queryset
    from procedures.models import ControlledDocumentPage, IssueStatus

    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    statuses = {decorate(d).status for d in register_queryset(User.objects.get(username="thuky"))}
    assert {
        DocumentStatus.CURRENT,
        DocumentStatus.WITHDRAWN,
        DocumentStatus.IN_REVIEW,
    } <= statuses
    codes = set(ControlledDocumentPage.objects.values_list("code", flat=True))
    assert {"STCL", "CSCL", "MTCL-01", "QT-01", "QT-02", "QT-03", "QT-04", "QT-05", "QT-06"} <= codes
    several = [d for d in ControlledDocumentPage.objects.all() if d.issues.count() >= 3]
    assert several, "some documents have two or three issues"
    assert ControlledDocumentPage.objects.filter(issues__status=IssueStatus.SCHEDULED).exists()


def test_demo_has_one_signing_user_per_role(db, settings, client):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert DEMO_PASSWORD in out.getvalue()
    expected = {
        "thuky": roles.ISO_SECRETARY,
        "truongphong": roles.DEPARTMENT_HEAD,
        "lanhdao": roles.APPROVER,
        "danhgia": roles.INTERNAL_AUDITOR,
        "nhanvien": roles.STAFF,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert list(user.groups.filter(agency_role__isnull=True).values_list("name", flat=True)) == [role]
        # Their role's rights on pages and files hold in their own agency only, through its group.
        agency_groups = set(user.groups.filter(agency_role__isnull=False).values_list("name", flat=True))
        assert agency_groups == ({f"{user.agency.code} · {role}"} if role != roles.STAFF else set())
        assert user.full_name and user.job_title and user.department
        signed_in = client.post("/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
        assert signed_in.status_code == 302, username
        admin_status = client.get("/admin/").status_code
        assert admin_status == (403 if role == roles.STAFF else 200), username
        client.logout()
    agency = Agency.objects.order_by("pk").first()
    assert agency.superior_body == "UBND TỈNH VĨNH LONG"


def test_the_demo_is_the_province_of_vinh_long(db, settings, client):
    from audits.models import AuditProgramme
    from procedures.control.registers import ADOPTED_LABEL, decorate, register_queryset
    from procedures.models import Adoption, ControlledDocumentPage, Distribution
    from qms.models import AgencyLevel, RoleGrant

    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    assert set(agencies) == {"so-noi-vu", "ubnd-tinh", "ubnd-tp-vinh-long", "ubnd-phuong-1", "so-khcn"}
    assert Agency.objects.order_by("pk").first().code == "so-noi-vu"
    province, district, commune = agencies["ubnd-tinh"], agencies["ubnd-tp-vinh-long"], agencies["ubnd-phuong-1"]
    assert (province.agency_name, province.level, province.shares_documents) == (
        "UBND TỈNH VĨNH LONG",
        AgencyLevel.PROVINCE,
        True,
    )
    assert (district.level, district.parent, district.superior_body) == (
        AgencyLevel.DISTRICT,
        province,
        "UBND TỈNH VĨNH LONG",
    )
    assert (commune.level, commune.parent, commune.superior_body) == (
        AgencyLevel.COMMUNE,
        district,
        "UBND THÀNH PHỐ VĨNH LONG",
    )
    assert agencies["so-khcn"].parent == province
    assert not agencies["so-noi-vu"].shares_documents

    # The overseer reads every agency; the city's secretary helps the ward.
    kiemtra = User.objects.get(username="kiemtra")
    assert kiemtra.agency.code == "so-khcn"
    assert roles.has_role(kiemtra, roles.OVERSEER)
    assert roles.agencies_with_role(kiemtra, roles.OVERSEER) == roles.ALL
    signed_in = client.post("/dang-nhap/", {"username": "kiemtra", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    client.logout()
    thuky_tp = User.objects.get(username="thuky_tp")
    assert RoleGrant.objects.filter(user=thuky_tp, agency=commune, role=roles.ISO_SECRETARY).exists()
    assert roles.has_role(thuky_tp, roles.ISO_SECRETARY, agency=commune)
    for username, agency in [("thuky_tp", district), ("lanhdao_tp", district), ("nhanvien_tp", district)]:
        assert User.objects.get(username=username).agency == agency
    assert User.objects.get(username="thuky_p1").agency == commune
    assert AuditProgramme.objects.get(agency=district, year=2026).status == AuditProgramme.Status.APPROVED

    # Each agency with a library has its own QT-01, in effect; the ward's was reviewed by the city's secretary.
    for code in ("so-noi-vu", "ubnd-tinh", "ubnd-tp-vinh-long", "ubnd-phuong-1"):
        documents = ControlledDocumentPage.objects.filter(library__agency=agencies[code], code="QT-01")
        assert documents.count() == 1, code
        assert documents.get().current_issue is not None, code
    shared = ControlledDocumentPage.objects.get(library__agency=province, code="QT-01")
    assert shared.title == "Quy trình nội bộ giải quyết thủ tục hành chính cấp tỉnh"
    assert set(Adoption.objects.active().filter(document=shared).values_list("agency__code", flat=True)) == {
        "so-noi-vu",
        "ubnd-tp-vinh-long",
    }
    # The city distributes it to its own departments; its register lists it as adopted.
    assert {d.department.agency_id for d in Distribution.objects.filter(document=shared)} == {district.pk}
    rows = {d.pk: decorate(d) for d in register_queryset(thuky_tp)}
    assert rows[shared.pk].adoption_label == str(ADOPTED_LABEL)
    assert {d.code for d in rows.values()} >= {"QT-01", "QT-02"}

    # The overseer's dashboard, as exported: a row per agency with its current documents and declaration.
    from procedures.models import IssueStatus
    from tests.spreadsheet_reading import read_table

    client.force_login(kiemtra)
    exported = {row[1]: row for row in read_table(client.get("/tinh/?export=xlsx")).numbered}
    for agency in agencies.values():
        current = ControlledDocumentPage.objects.filter(
            library__agency=agency, issues__status=IssueStatus.CURRENT
        ).count()
        assert exported[agency.agency_name][4] == current, agency.code
    assert "125/QĐ-SNV" in exported["SỞ NỘI VỤ"][10]
    assert "2150/QĐ-UBND" in exported[district.agency_name][10]
    assert exported[commune.agency_name][10] == "Chưa công bố"
    # The province's summary of the yearly reports names every agency (none reported yet in the demo).
    year = timezone.localdate().year
    summary = read_table(client.get(f"/tinh/bao-cao/{year}/tong-hop.xlsx"))
    assert {agency.agency_name for agency in agencies.values()} <= set(summary.column("Cơ quan"))


def test_load_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert User.objects.count() == 0


def test_load_demo_refuses_a_mail_backend_that_delivers(db, settings):
    # The demo's events mail its made-up people (ours and Wagtail's workflow mails).
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with pytest.raises(CommandError, match="EMAIL_BACKEND"):
        call_command("load_demo", stdout=StringIO())
    assert User.objects.count() == 0


def test_a_freshly_loaded_demo_verifies(db, settings):
    # The demo writes some rows in bulk (bulk_create_with_history): they are chained too.
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("verify_integrity", stdout=out, stderr=StringIO())
    assert "intact" in out.getvalue()
