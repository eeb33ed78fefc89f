"""The back office's dashboard: each role's panels, their links, their empty sentences, their agency."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.models import CorrectiveAction
from procedures.models import ReadingAssignment
from tests.audits.factories import AuditFactory, CorrectiveActionFactory, ProgrammeFactory
from tests.procedures.factories import (
    ControlledDocumentPageFactory,
    IssueFactory,
    SectionPageFactory,
    make_issued_document,
)
from tests.procedures.workflow import submit
from tests.qms.factories import AgencyFactory, AuditorFactory, DepartmentFactory, SecretaryFactory, StaffFactory

pytestmark = pytest.mark.django_db

HEADINGS = {
    "sign": "Chờ tôi ký/duyệt",
    "reviews": "Đến hạn xem xét định kỳ",
    "actions": "Hành động khắc phục quá hạn",
    "audits": "Cuộc đánh giá của tôi",
    "reading": "Tỷ lệ đã đọc",
}


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html, key):
    """The text of one panel (from its heading to the next panel), or None when it is not shown."""
    start = html.find(f'id="qms-dashboard-{key}-section"')
    if start == -1:
        return None
    return html[start : html.find("</section>", start)]


def old_issue(section, org, title, code, department=None, months=13):
    """A document whose current issue took effect `months` ago (due for its yearly review)."""
    document = ControlledDocumentPageFactory(
        parent=section, title=title, code=code, owner_department=department or org["ccvc"], slug=code.lower()
    )
    IssueFactory(
        document=document,
        approved_by=org["approver"],
        effective_date=timezone.localdate() - datetime.timedelta(days=31 * months),
    )
    return document


@pytest.fixture
def other_agency():
    agency = AgencyFactory(agency_name="UBND XÃ TÂN HẠNH", code="xa-tan-hanh")
    office = DepartmentFactory(agency=agency, name="Văn phòng xã", code="vp-xa")
    return {
        "agency": agency,
        "office": office,
        "secretary": SecretaryFactory(username="thuky-xa", department=office),
        "section": SectionPageFactory(department=office, title="Văn phòng xã", slug="vp-xa"),
    }


def test_wagtail_default_panels_are_replaced_and_each_role_sees_its_own(client, org, section):
    expected = {
        "secretary": {"sign", "reviews", "actions", "reading"},
        "head": {"sign", "reviews", "reading"},
        "approver": {"sign", "reviews"},
        "auditor": {"actions", "audits"},
        "staff": set(),
    }
    names = {
        "sign": "awaiting_my_signature",
        "reviews": "reviews_due",
        "actions": "overdue_actions",
        "audits": "my_audits",
        "reading": "reading_completion",
    }
    for role, shown in expected.items():
        if role == "staff":
            continue  # staff have no back office
        html = dashboard(client, org[role])
        assert {key for key, name in names.items() if panel(html, name) is not None} == shown, role
        for key in shown:
            assert HEADINGS[key] in html
        # Wagtail's own panels are gone.
        assert 'id="recent-edits"' not in html and 'id="locked-pages"' not in html
    client.force_login(org["staff"])
    assert client.get("/admin/").status_code in (302, 403)


def test_empty_panels_say_so(client, org, section):
    html = dashboard(client, org["secretary"])
    assert "Không có tài liệu nào chờ bạn ký." in panel(html, "awaiting_my_signature")
    assert "Không có tài liệu nào đến hạn xem xét định kỳ trong 30 ngày tới." in panel(html, "reviews_due")
    assert "Không có hành động khắc phục nào của cơ quan bị quá hạn." in panel(html, "overdue_actions")
    html = dashboard(client, org["auditor"])
    assert "Bạn không chủ trì hay tham gia cuộc đánh giá nào đang mở." in panel(html, "my_audits")


def test_waiting_for_my_signature_links_to_the_signing_page_of_the_right_step(client, org, make_document):
    document = make_document(title="Quy trình tiếp nhận hồ sơ", code="QT-11")
    submit(document, org["head"])
    state = type(document).objects.get(pk=document.pk).current_workflow_task_state
    # Review: the secretary; the head wrote it and may not review it; the approver waits.
    html = panel(dashboard(client, org["secretary"]), "awaiting_my_signature")
    assert "QT-11 – Quy trình tiếp nhận hồ sơ" in html
    assert f'href="/admin/qms/sign/{state.pk}/"' in html
    assert "QT-11" not in panel(dashboard(client, org["head"]), "awaiting_my_signature")
    assert "QT-11" not in panel(dashboard(client, org["approver"]), "awaiting_my_signature")


def test_reviews_due_overdue_actions_and_reading_completion(client, org, section):
    due = old_issue(section, org, "Quy trình lưu trữ hồ sơ", "QT-21")
    read = make_issued_document(
        section, org["approver"], title="Quy chế làm việc", code="QC-01", department=org["ccvc"]
    )
    ReadingAssignment.objects.create(issue=read.issues.get(), user=org["staff"])
    action = CorrectiveActionFactory(
        finding=None,
        owner=org["staff"],
        raised_by=org["auditor"],
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    CorrectiveActionFactory(finding=None, owner=org["staff"], raised_by=org["auditor"])  # not overdue

    html = dashboard(client, org["secretary"])
    reviews = panel(html, "reviews_due")
    assert "QT-21 – Quy trình lưu trữ hồ sơ" in reviews and "quá hạn từ" in reviews
    assert f'href="/kiem-soat/tai-lieu/{due.pk}/xem-xet/"' in reviews
    actions = panel(html, "overdue_actions")
    assert action.number in actions and f'href="/khac-phuc/{action.pk}/"' in actions
    assert CorrectiveAction.objects.count() == 2 and actions.count("<li") == 1
    reading = panel(html, "reading_completion")
    assert "QC-01 – Quy chế làm việc" in reading and "0% đã đọc (0/1)" in reading


def test_my_audits_lists_the_audits_i_lead_or_am_on(client, org):
    programme = ProgrammeFactory(year=timezone.localdate().year, approved_by=org["approver"])
    led = AuditFactory(
        programme=programme, title="Đánh giá Phòng CCVC", lead_auditor=org["auditor"], departments=[org["ccvc"]]
    )
    other = AuditorFactory(username="danhgia2", department=org["secretary"].department)
    on_team = AuditFactory(programme=programme, title="Đánh giá Thanh tra", lead_auditor=other, team=[org["auditor"]])
    not_mine = AuditFactory(programme=programme, title="Đánh giá Văn phòng", lead_auditor=other)
    html = panel(dashboard(client, org["auditor"]), "my_audits")
    assert led.number in html and on_team.number in html and not_mine.number not in html
    assert f'href="/admin/audits/audit/detail/{led.pk}/"' in html
    assert "tôi là trưởng đoàn" in html and "tôi là thành viên đoàn" in html


def test_panels_show_nothing_of_another_agency(client, org, section, other_agency):
    document = old_issue(other_agency["section"], org, "Quy trình của xã", "QT-91", department=other_agency["office"])
    draft = ControlledDocumentPageFactory(parent=other_agency["section"], title="Dự thảo của xã", code="QT-92")
    submit(draft, StaffFactory(username="soan-xa", department=other_agency["office"], role=None))
    CorrectiveActionFactory(
        finding=None,
        owner=StaffFactory(username="nv-xa", department=other_agency["office"]),
        raised_by=other_agency["secretary"],
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    html = dashboard(client, org["secretary"])
    assert "QT-91" not in html and "QT-92" not in html
    assert "Không có hành động khắc phục nào của cơ quan bị quá hạn." in panel(html, "overdue_actions")
    html = dashboard(client, other_agency["secretary"])
    assert "QT-91" in panel(html, "reviews_due") and "QT-92" in panel(html, "awaiting_my_signature")
    assert document.pk


def test_the_dashboard_reads_in_a_fixed_number_of_queries(
    client, org, make_document, section, django_assert_max_num_queries
):
    secretary = org["secretary"]
    secretary.groups.add(*org["auditor"].groups.all())  # every panel at once
    programme = ProgrammeFactory(year=timezone.localdate().year, approved_by=org["approver"])

    def add(n):
        document = make_document(title=f"Quy trình số {n}", code=f"QT-{30 + n}")
        submit(document, org["head"])
        read = old_issue(section, org, f"Quy định số {n}", f"QD-{n:02d}")
        ReadingAssignment.objects.create(issue=read.issues.get(), user=org["staff"])
        CorrectiveActionFactory(
            finding=None,
            owner=org["staff"],
            raised_by=org["auditor"],
            due_date=timezone.localdate() - datetime.timedelta(days=n + 1),
        )
        AuditFactory(programme=programme, title=f"Đánh giá {n}", lead_auditor=secretary, departments=[org["ccvc"]])

    # A full panel each (the signing panel checks who may sign each row it shows, at most five)...
    for n in range(5):
        add(n)
    client.force_login(secretary)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as full_panels:
        client.get("/admin/")
    # ... and not one query more for twice as many records.
    for n in range(5, 10):
        add(n)
    with django_assert_max_num_queries(len(full_panels)):
        html = client.get("/admin/").content.decode()
    for key in ("awaiting_my_signature", "reviews_due", "overdue_actions", "my_audits", "reading_completion"):
        assert panel(html, key).count("<li") == 5, key
