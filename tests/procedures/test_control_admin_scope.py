"""The admin's document-control lists show a department head only their own department.

Change requests, periodic reviews, review flags and read-and-understood
confirmations are read-only in the admin; the portal narrows a head to the
documents (and readers) of their department, and so does the admin: its list,
inspect and history screens.
"""

import pytest
from django.utils import timezone

from procedures.models import (
    Acknowledgement,
    ChangeRequest,
    ControlledDocumentPage,
    PeriodicReview,
    Signature,
)
from tests.procedures.control_helpers import issue_now, page_text
from tests.procedures.factories import (
    ChangeRequestFactory,
    ControlledDocumentPageFactory,
    ReadingAssignmentFactory,
    ReviewFlagFactory,
    SectionPageFactory,
)
from tests.qms.factories import HeadFactory, StaffFactory


@pytest.fixture
def two_departments(client, org, make_document, library, django_capture_on_commit_callbacks):
    """One issued document of the head's department (ccvc) and one of the Văn phòng (vp)."""
    vp = org["other_head"].department
    own = make_document(title="Quy trình tuyển dụng công chức")
    vp_section = SectionPageFactory(parent=library, title="Văn phòng", slug="vp", department=vp)
    other = ControlledDocumentPageFactory(
        parent=vp_section, title="Quy trình quản lý con dấu", body=[], revision_by=org["other_head"]
    )
    vp_clerk = StaffFactory(username="vanthu", department=vp, full_name="Lý Thị Hoa")
    records = {}
    for key, document, reader in (("own", own, org["staff"]), ("other", other, vp_clerk)):
        issue = issue_now(client, org, document, django_capture_on_commit_callbacks)
        document = ControlledDocumentPage.objects.get(pk=document.pk)
        records[key] = {
            "change_requests": ChangeRequestFactory(
                document=document, raised_by=reader, reason=f"Lý do {key}", proposed_change=f"Đề xuất {key}"
            ),
            "review_flags": ReviewFlagFactory(document=document, reason=f"Cờ xem xét {key}"),
            "periodic_reviews": PeriodicReview.objects.create(
                document=document,
                issue=issue,
                outcome="still_valid",
                comment=f"Còn phù hợp {key}",
                reviewed_by=org["approver"],
                reviewed_on=timezone.localdate(),
                signature=Signature.objects.filter(document=document).first(),
            ),
            "acknowledgements": Acknowledgement.objects.create(
                issue=issue,
                user=ReadingAssignmentFactory(issue=issue, user=reader, first_opened_at=timezone.now()).user,
                opened_at=timezone.now(),
            ),
        }
    return records


SCREENS = ["change_requests", "periodic_reviews", "review_flags", "acknowledgements"]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_head_lists_and_inspects_only_their_departments_records(client, org, two_departments, screen):
    own, other = two_departments["own"][screen], two_departments["other"][screen]
    client.force_login(org["head"])
    listing = client.get(f"/admin/{screen}/")
    assert listing.status_code == 200
    assert f"/admin/{screen}/inspect/{own.pk}/" in page_text(listing)
    assert f"/admin/{screen}/inspect/{other.pk}/" not in page_text(listing)
    assert client.get(f"/admin/{screen}/inspect/{own.pk}/").status_code == 200
    assert client.get(f"/admin/{screen}/history/{own.pk}/").status_code == 200
    # Another department's record: refused (the admin turns the 403 into a redirect with a message).
    for view in ("inspect", "history"):
        response = client.get(f"/admin/{screen}/{view}/{other.pk}/")
        assert response.status_code in (302, 403), (view, response.status_code)
        assert "Cờ xem xét other" not in page_text(response)


@pytest.mark.parametrize("screen", SCREENS)
def test_the_secretary_and_auditors_see_every_department(client, org, two_departments, screen):
    for user in (org["secretary"], org["auditor"], org["approver"]):
        client.force_login(user)
        listing = page_text(client.get(f"/admin/{screen}/"))
        for key in ("own", "other"):
            record = two_departments[key][screen]
            assert f"/admin/{screen}/inspect/{record.pk}/" in listing
            assert client.get(f"/admin/{screen}/inspect/{record.pk}/").status_code == 200


def test_a_head_without_a_department_sees_no_records(client, org, two_departments):
    head = HeadFactory(username="truongmoi", full_name="Ngô Văn Mới")
    client.force_login(head)
    for screen in SCREENS:
        listing = page_text(client.get(f"/admin/{screen}/"))
        for key in ("own", "other"):
            assert f"/admin/{screen}/inspect/{two_departments[key][screen].pk}/" not in listing


def test_the_portal_and_the_admin_show_each_role_the_same_change_requests(client, org, two_departments):
    """Department scope is one rule (qms.scope): the portal's list, the admin's list and
    the queryset agree, for each role."""
    own = two_departments["own"]["change_requests"].number
    other = two_departments["other"]["change_requests"].number
    expected = {
        "head": {own},
        "other_head": {other},
        "secretary": {own, other},
        "approver": {own, other},
        "staff": {own},  # raised it
    }
    for role, numbers in expected.items():
        user = org[role]
        assert set(ChangeRequest.objects.visible_to(user).values_list("number", flat=True)) == numbers, role
        client.force_login(user)
        portal = page_text(client.get("/kiem-soat/yeu-cau-sua-doi/"))
        assert {n for n in (own, other) if n in portal} == numbers, role
        if role != "staff":
            admin = page_text(client.get("/admin/change_requests/"))
            assert {n for n in (own, other) if n in admin} == numbers, role


def test_the_head_named_on_a_second_department_manages_its_records_too(client, org, two_departments):
    """An acting head (named head of the Văn phòng besides their own department) sees and
    decides that department's change requests, in the portal as in the admin."""
    vp = org["other_head"].department
    vp.head = org["head"]
    vp.save()
    other = two_departments["other"]["change_requests"]
    client.force_login(org["head"])
    assert other.number in page_text(client.get("/admin/change_requests/"))
    response = client.post(
        f"/kiem-soat/yeu-cau-sua-doi/{other.pk}/quyet-dinh/",
        {"decision": "accept", "reason": "Đồng ý sửa đổi."},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "accepted"
