"""The overseer's dashboard of the province (/tinh/): one row of indicators per agency."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit
from province.models import Declaration
from tests.audits.factories import AuditFactory, CorrectiveActionFactory, ProgrammeFactory
from tests.procedures.factories import (
    ControlledDocumentPageFactory,
    DocumentTypeFactory,
    IssueFactory,
    SectionPageFactory,
    make_issued_document,
)
from tests.qms.factories import AgencyFactory, ApproverFactory, AuditorFactory, DepartmentFactory, StaffFactory
from tests.spreadsheet_reading import read_table

DASHBOARD = "/tinh/"


def build_agency_data(agency, number=0, *, documents=2, overdue_review=True, audit=True, overdue_action=True):
    """Small data of one agency: issued documents, an overdue review, a reported audit this year,
    an overdue corrective action and a declaration."""
    today = timezone.localdate()
    office = DepartmentFactory(agency=agency, name=f"Văn phòng {number}", code=f"vp-{number}")
    other = DepartmentFactory(agency=agency, name=f"Thanh tra {number}", code=f"tt-{number}")
    approver = ApproverFactory(username=f"lanhdao-{agency.code}", department=office)
    section = SectionPageFactory(department=office, slug=f"vp-{agency.code}")
    document_type = DocumentTypeFactory(agency=agency, prefix="QT")
    for index in range(documents):
        make_issued_document(
            section,
            approver,
            title=f"Quy trình {index}",
            department=office,
            document_type=document_type,
            slug=f"qt-{agency.code}-{index}",
        )
    if overdue_review:
        old = ControlledDocumentPageFactory(
            parent=section, title="Quy trình cũ", slug=f"cu-{agency.code}", document_type=document_type
        )
        IssueFactory(document=old, approved_by=approver, effective_date=today - datetime.timedelta(days=800))
    if audit:
        programme = ProgrammeFactory(agency=agency, year=today.year)
        lead = AuditorFactory(username=f"danhgia-{agency.code}", department=other)
        done = AuditFactory(programme=programme, lead_auditor=lead, departments=[office])
        Audit.objects.filter(pk=done.pk).update(status=Audit.Status.REPORTED)
    if overdue_action:
        owner = StaffFactory(username=f"nv-{agency.code}", department=office)
        CorrectiveActionFactory(
            finding=None, owner=owner, raised_by=approver, due_date=today - datetime.timedelta(days=3)
        )
        CorrectiveActionFactory(finding=None, owner=owner, raised_by=approver)
    Declaration.objects.create(
        agency=agency,
        decision_number=f"{number + 1}/QĐ-UBND",
        decision_date=datetime.date(2025, 4, 2),
        scope="Toàn bộ TTHC",
        notice_url="https://example.gov.vn/cong-bo",
    )


def rows_of(response):
    return {row.agency.code: row for row in response.context["rows"]}


def test_the_overseer_sees_every_agency_with_its_counts(client, people, province):
    build_agency_data(province["commune"], 1)
    client.force_login(people["overseer"])
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    rows = rows_of(response)
    assert set(rows) == {"so-noi-vu", "huyen-long-ho", "xa-tan-hanh"}
    commune = rows["xa-tan-hanh"]
    assert commune.district == province["district"]
    assert commune.documents_current == 3
    assert commune.reviews_overdue == 1
    assert commune.audit_done
    assert commune.actions_open == 2 and commune.actions_overdue == 1
    assert commune.declaration.decision_number == "2/QĐ-UBND"
    assert commune.management_review is None
    so = rows["so-noi-vu"]
    assert (so.documents_current, so.reviews_overdue, so.audits_done, so.actions_open) == (0, 0, 0, 0)
    assert so.declaration is None
    text = response.content.decode()
    assert "UBND XÃ TÂN HẠNH" in text and "Đã công bố ngày 02/04/2025" in text and "Chưa công bố" in text
    assert reverse("province:agency", args=[province["commune"].pk]) in text
    assert response.context["totals"].documents_current == 3
    assert "<svg" in text
    # The menu shows them the dashboard.
    assert f'href="{DASHBOARD}"' in text


@pytest.mark.parametrize("who", ["staff", "secretary_so", "auditor"])
def test_nobody_else_opens_the_dashboard_or_an_agency(client, people, province, who):
    client.force_login(people[who])
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(f"{DASHBOARD}?export=xlsx").status_code == 403
    assert client.get(reverse("province:agency", args=[province["commune"].pk])).status_code == 403
    # Nor is it in their menu.
    assert f'href="{DASHBOARD}"' not in client.get("/thong-bao/").content.decode()


def test_the_filters_narrow_the_rows(client, people, province):
    client.force_login(people["overseer"])
    by_level = rows_of(client.get(DASHBOARD, {"level": "commune"}))
    assert set(by_level) == {"xa-tan-hanh"}
    by_district = rows_of(client.get(DASHBOARD, {"district": province["district"].pk}))
    assert set(by_district) == {"huyen-long-ho", "xa-tan-hanh"}
    # A value that is not a choice is refused with a message, and filters nothing.
    response = client.get(DASHBOARD, {"level": "galaxy", "district": "abc"})
    assert response.status_code == 200
    assert set(rows_of(response)) == {"so-noi-vu", "huyen-long-ho", "xa-tan-hanh"}
    assert "Một bộ lọc không hợp lệ nên đã được bỏ qua." in response.content.decode()


def test_the_export_holds_the_rows_with_vietnamese_headers(client, people, province):
    build_agency_data(province["commune"], 1)
    client.force_login(people["overseer"])
    response = client.get(DASHBOARD, {"level": "commune", "export": "xlsx"})
    assert response.status_code == 200
    table = read_table(response)
    assert table.headers[:5] == ["STT", "Cơ quan", "Cấp", "Huyện", "Tài liệu đang hiệu lực"]
    commune, total = table.rows
    assert commune[0] == 1 and commune[1] == "UBND XÃ TÂN HẠNH"
    assert commune[3] == "UBND HUYỆN LONG HỒ"
    assert commune[4:7] == [3, 1, "Đã thực hiện"]
    assert commune[8:10] == [2, 1]
    # The totals line is not numbered.
    assert total[0] is None and total[1] == "Tổng cộng"
    # Headed by the overseer's agency.
    heading = [table.sheet.cell(row=row, column=1).value for row in (1, 2)]
    assert people["overseer"].agency.agency_name.upper() in heading


def test_the_drill_down_shows_the_agencys_indicators_and_links(client, people, province):
    build_agency_data(province["commune"], 1)
    client.force_login(people["overseer"])
    response = client.get(reverse("province:agency", args=[province["commune"].pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "UBND XÃ TÂN HẠNH" in text and "2/QĐ-UBND" in text
    assert response.context["row"].documents_current == 3
    assert reverse("procedures_register") in text
    assert reverse("audits_audit:index") in text
    assert client.get(reverse("province:agency", args=[999999])).status_code == 404


def test_the_dashboard_costs_the_same_queries_for_two_agencies_as_for_six(client, people, province):
    client.force_login(people["overseer"])
    build_agency_data(province["commune"], 1)
    client.get(DASHBOARD)  # sessions, content types and site roots are cached once
    with CaptureQueriesContext(connection) as few:
        assert client.get(DASHBOARD).status_code == 200
    for number in range(2, 5):
        build_agency_data(AgencyFactory(agency_name=f"UBND XÃ {number}", code=f"xa-so-{number}"), number)
    with CaptureQueriesContext(connection) as many:
        response = client.get(DASHBOARD)
    assert len(response.context["rows"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def held_on_the_second_of_june(agency_ids, year):
    """A management review source as issue 18's planning app will register one."""
    return dict.fromkeys(agency_ids, datetime.date(year, 6, 2))


def test_a_registered_management_review_source_fills_the_column(client, people, province, monkeypatch):
    from qms import registry

    path = f"{__name__}.held_on_the_second_of_june"
    monkeypatch.setattr(registry, "management_review_sources", lambda: [path])
    client.force_login(people["overseer"])
    response = client.get(DASHBOARD)
    year = timezone.localdate().year
    assert {row.management_review for row in response.context["rows"]} == {datetime.date(year, 6, 2)}
    assert f"02/06/{year}" in response.content.decode()


def test_overdue_reviews_follow_each_documents_interval_and_its_still_valid_reviews(client, people, province):
    """The database counts what review_due says, document by document (the interval of the document or its type,
    a later "still valid" review moving the due date)."""
    from procedures.control.periodic_review import next_review_due, record_review
    from procedures.models import ReviewOutcome

    agency = province["commune"]
    today = timezone.localdate()
    office = DepartmentFactory(agency=agency, name="Văn phòng", code="vp-r")
    approver = ApproverFactory(username="lanhdao-r", department=office)
    section = SectionPageFactory(department=office, slug="vp-r")
    document_type = DocumentTypeFactory(agency=agency, prefix="QT", review_interval_months=12)
    cases = [  # (days since it took effect, its own interval, a still-valid review so many days ago)
        (400, None, None),  # overdue by the type's 12 months
        (300, None, None),  # not yet
        (300, 6, None),  # overdue by its own 6 months
        (400, None, 30),  # reviewed a month ago: not overdue
        (800, 24, 500),  # reviewed 500 days ago, 24 months: not overdue
        (800, 12, 500),  # reviewed 500 days ago, 12 months: overdue
    ]
    documents = []
    for index, (age, months, reviewed) in enumerate(cases):
        page = ControlledDocumentPageFactory(
            parent=section,
            title=f"Quy trình {index}",
            slug=f"r-{index}",
            document_type=document_type,
            review_interval_months=months,
        )
        IssueFactory(document=page, approved_by=approver, effective_date=today - datetime.timedelta(days=age))
        if reviewed is not None:
            with mock.patch.object(timezone, "localdate", return_value=today - datetime.timedelta(days=reviewed)):
                record_review(page, approver, ReviewOutcome.STILL_VALID)
        documents.append(page)
    expected = sum(1 for page in documents if next_review_due(page) < today)
    assert expected == 3
    client.force_login(people["overseer"])
    assert rows_of(client.get(DASHBOARD))["xa-tan-hanh"].reviews_overdue == expected


def test_the_cut_off_date_agrees_with_add_months_at_every_month_end():
    from procedures.control.periodic_review import add_months, latest_base_before

    start = datetime.date(2023, 1, 1)
    for offset in range(0, 800, 7):
        today = start + datetime.timedelta(days=offset)
        for months in (1, 6, 12, 24, 36):
            cutoff = latest_base_before(today, months)
            for shift in range(-3, 4):
                base = cutoff + datetime.timedelta(days=shift)
                assert (add_months(base, months) < today) == (base <= cutoff), (today, months, base)
