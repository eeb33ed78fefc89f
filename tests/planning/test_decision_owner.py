"""Who creates a review and who closes a decision: the secretary prepares a review and its chair
(an approver) may create it too; a decision's owner with no planning role opens the decision from
the reminder, closes it, and sees nothing else of planning. A late statistics row shows its
"Open a nonconformity" button on the row itself."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from planning.models import DossierStatistic, ManagementReview, OneStopImport, ReviewDecision
from planning.notices import DECISION_DUE
from planning.reminders import remind_owners
from qms.models import Notification
from tests.planning.conftest import YEAR
from tests.qms.factories import AgencyFactory, DepartmentFactory, SecretaryFactory


def denied(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def review_form(org, chair):
    return {
        "held_on": f"{YEAR}-12-20",
        "place": "Phòng họp",
        "chair": chair.pk,
        "participants": "Ban Giám đốc",
        "period_start": f"{YEAR}-01-01",
        "period_end": f"{YEAR}-12-31",
        "conclusions": "",
    }


def test_the_chair_creates_a_review_and_an_auditor_cannot(client, org):
    client.force_login(org["approver"])
    assert client.get(reverse("planning_review:add")).status_code == 200
    response = client.post(reverse("planning_review:add"), review_form(org, org["approver"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    review = ManagementReview.objects.get()
    assert review.agency_id == org["approver"].agency_id and review.chair == org["approver"]
    # The chair then prepares it as the secretary would.
    assert client.post(reverse("planning_review:gather", args=[review.pk])).status_code == 302
    review.refresh_from_db()
    assert review.inputs
    client.force_login(org["auditor"])
    assert denied(client.post(reverse("planning_review:add"), review_form(org, org["approver"])))
    assert ManagementReview.objects.count() == 1


@pytest.fixture
def staff_decision(org):
    review = ManagementReview.objects.create(
        agency=org["ccvc"].agency,
        held_on=datetime.date(YEAR, 12, 1),
        chair=org["approver"],
        participants="BGĐ",
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
    )
    decision = ReviewDecision.objects.create(
        review=review, text="Số hoá hồ sơ tuyển dụng", owner=org["staff"], due_date=datetime.date(YEAR + 1, 1, 5)
    )
    return review, decision


def test_a_decision_owner_without_a_planning_role_sees_and_closes_only_their_decision(client, org, staff_decision):
    review, decision = staff_decision
    page = reverse("planning:decision_detail", args=[decision.pk])
    client.force_login(org["staff"])
    response = client.get(page)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Số hoá hồ sơ tuyển dụng" in text and "Đóng quyết định" in text
    # Nothing else of planning: not the review, the dashboard, the listings.
    assert denied(client.get(reverse("planning_review:detail", args=[review.pk])))
    assert denied(client.get(reverse("planning_dashboard")))
    assert denied(client.get(reverse("planning_decision:index")))
    # An empty outcome is refused and changes nothing.
    assert client.post(page, {"outcome": " "}).status_code == 400
    decision.refresh_from_db()
    assert decision.status == ReviewDecision.Status.OPEN
    assert client.post(page, {"outcome": "Đã số hoá 120 hồ sơ"}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == ReviewDecision.Status.DONE and decision.closed_by == org["staff"]
    assert "Đã số hoá 120 hồ sơ" in client.get(page).content.decode()


def test_no_one_else_without_a_role_opens_the_decision_and_another_agency_does_not_find_it(client, org, staff_decision):
    _review, decision = staff_decision
    page = reverse("planning:decision_detail", args=[decision.pk])
    client.force_login(org["head"])  # same agency, no planning role, not the owner
    assert denied(client.get(page))
    assert denied(client.post(page, {"outcome": "x"}))
    other = AgencyFactory(code="xa-khac")
    stranger = SecretaryFactory(username="thuky_khac", department=DepartmentFactory(agency=other, code="vp-khac"))
    client.force_login(stranger)
    assert client.get(page).status_code == 404
    assert client.post(page, {"outcome": "x"}).status_code == 404
    # A reader of the agency who may not close it sees it without the form.
    client.force_login(org["auditor"])
    text = client.get(page).content.decode()
    assert "Số hoá hồ sơ tuyển dụng" in text and 'name="outcome"' not in text
    assert denied(client.post(page, {"outcome": "x"}))
    decision.refresh_from_db()
    assert decision.status == ReviewDecision.Status.OPEN


def test_the_reminder_opens_the_decision_page(client, org, staff_decision):
    review, decision = staff_decision
    # Reminders follow signed minutes only.
    ManagementReview.objects.filter(pk=review.pk).update(status=ManagementReview.Status.SIGNED)
    remind_owners(datetime.date(YEAR, 12, 31), StringIO())
    notice = Notification.objects.get(recipient=org["staff"], kind=DECISION_DUE)
    assert notice.url == reverse("planning:decision_detail", args=[decision.pk])


def test_a_late_statistics_row_shows_its_nonconformity_button_on_the_row(client, org, procedures):
    agency = org["ccvc"].agency
    upload = OneStopImport.objects.create(
        agency=agency,
        file="planning/one-stop/x.csv",
        original_name="x.csv",
        sha256="0" * 64,
        uploaded_by=org["secretary"],
    )
    late = DossierStatistic.objects.create(
        agency=agency,
        source=upload,
        document=procedures[0],
        department=org["ccvc"],
        month=datetime.date(YEAR, 2, 1),
        received=20,
        on_time=17,
        late=3,
        pending=0,
    )
    on_time = DossierStatistic.objects.create(
        agency=agency,
        source=upload,
        document=procedures[1],
        department=org["ccvc"],
        month=datetime.date(YEAR, 2, 1),
        received=20,
        on_time=20,
        late=0,
        pending=0,
    )
    client.force_login(org["secretary"])
    soup = BeautifulSoup(client.get(reverse("planning_statistic:index")).content, "html.parser")
    button = soup.find("a", href=reverse("planning_statistic:open_nonconformity", args=[late.pk]))
    assert button is not None and "Mở sự không phù hợp" in button.get_text()
    # On the row, not in its "…" dropdown.
    assert button.find_parent(attrs={"data-controller": lambda v: v and "w-dropdown" in v}) is None
    assert "button" in button["class"]
    assert soup.find("a", href=reverse("planning_statistic:open_nonconformity", args=[on_time.pk])) is None
    # An auditor reads the listing without the button.
    client.force_login(org["auditor"])
    listing = client.get(reverse("planning_statistic:index")).content.decode()
    assert reverse("planning_statistic:open_nonconformity", args=[late.pk]) not in listing
