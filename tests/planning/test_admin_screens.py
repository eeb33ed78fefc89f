"""The admin screens as their users meet them: the ISO secretary uploads a year of one-stop
statistics, previews and imports it, opens a nonconformity from a late group; the leader
gathers the review, records a decision and signs the minutes; who may see what, per agency."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planning.models import DossierStatistic, ManagementReview, Nonconformity, OneStopImport, ReviewDecision
from tests.planning.conftest import YEAR, csv_bytes, year_of_rows
from tests.qms.factories import PASSWORD, AgencyFactory, DepartmentFactory, SecretaryFactory


def denied(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.fixture
def imported(client, org, procedures):
    client.force_login(org["secretary"])
    upload = SimpleUploadedFile("mot-cua.csv", csv_bytes(year_of_rows()), content_type="text/csv")
    response = client.post(reverse("planning_import:add"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    row = OneStopImport.objects.get()
    preview = client.get(response["Location"])
    assert "36" in preview.content.decode()
    assert not DossierStatistic.objects.exists()  # nothing before the confirmation
    client.post(reverse("planning_import:confirm", args=[row.pk]))
    assert DossierStatistic.objects.count() == 36
    return row


def test_a_bad_upload_shows_the_row_and_column_and_imports_nothing(client, org, procedures):
    client.force_login(org["secretary"])
    upload = SimpleUploadedFile("loi.csv", csv_bytes(["QT-01,01/2026,20,18,2,0", "QT-07,02/2026,1,1,0,0"]))
    response = client.post(reverse("planning_import:add"), {"file": upload}, follow=True)
    text = response.content.decode()
    assert "Dòng 3, cột “mã thủ tục”: không có thủ tục nào của cơ quan mang mã QT-07" in text
    assert "Nhập các dòng này" not in text
    row = OneStopImport.objects.get()
    client.post(reverse("planning_import:confirm", args=[row.pk]))
    assert not DossierStatistic.objects.exists()


def test_the_secretary_sees_the_chart_and_opens_a_nonconformity_from_a_late_group(client, org, imported):
    response = client.get(reverse("planning_dashboard"))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('src="data:image/svg+xml;base64,') >= 1
    assert "<caption>" in text
    late = DossierStatistic.objects.filter(late__gt=0).first()
    listing = client.get(reverse("planning_statistic:index")).content.decode()
    assert reverse("planning_statistic:open_nonconformity", args=[late.pk]) in listing
    client.post(reverse("planning_statistic:open_nonconformity", args=[late.pk]))
    nonconformity = Nonconformity.objects.get()
    assert nonconformity.statistic == late and nonconformity.source == Nonconformity.Source.LATE_DOSSIERS
    due = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    client.post(
        reverse("planning_nonconformity:raise_action", args=[nonconformity.pk]),
        {"owner": org["head"].pk, "due_date": due},
    )
    nonconformity.refresh_from_db()
    assert nonconformity.corrective_action.source == "late_procedure"


def test_the_leader_holds_the_review_and_signs_the_minutes(client, org, imported):
    client.force_login(org["secretary"])
    response = client.post(
        reverse("planning_review:add"),
        {
            "held_on": f"{YEAR}-12-20",
            "place": "Phòng họp",
            "chair": org["approver"].pk,
            "participants": "Ban Giám đốc",
            "period_start": f"{YEAR}-01-01",
            "period_end": f"{YEAR}-12-31",
            "conclusions": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    review = ManagementReview.objects.get()
    client.force_login(org["approver"])
    client.post(reverse("planning_review:gather", args=[review.pk]))
    page = client.get(reverse("planning_review:detail", args=[review.pk])).content.decode()
    assert "data:image/svg+xml;base64," in page and "QT-0" in page
    client.post(
        reverse("planning_review:decide", args=[review.pk]),
        {"text": "Bổ sung công chức thẩm định", "owner": org["head"].pk, "due_date": f"{YEAR + 1}-03-31"},
    )
    assert ReviewDecision.objects.get().agency_id == review.agency_id
    wrong = client.post(reverse("planning_review:sign", args=[review.pk]), {"password": "sai"})
    assert wrong.status_code == 400
    review.refresh_from_db()
    assert not review.is_signed
    client.post(reverse("planning_review:sign", args=[review.pk]), {"password": PASSWORD})
    review.refresh_from_db()
    assert review.is_signed and review.signed_by == org["approver"]
    pdf = client.get(reverse("planning_review:pdf", args=[review.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Signed: no edit, no more decisions.
    assert denied(client.get(reverse("planning_review:edit", args=[review.pk])))
    assert denied(client.post(reverse("planning_review:decide", args=[review.pk]), {}))


def test_who_sees_what(client, org, imported):
    review = ManagementReview.objects.create(
        agency=org["ccvc"].agency,
        held_on=datetime.date(YEAR, 12, 1),
        chair=org["approver"],
        participants="BGĐ",
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
    )
    detail = reverse("planning_review:detail", args=[review.pk])
    for who in ("auditor", "approver", "secretary"):
        client.force_login(org[who])
        assert client.get(detail).status_code == 200, who
        assert client.get(reverse("planning_dashboard")).status_code == 200, who
        assert client.get(reverse("planning_objective:index")).status_code == 200, who
    # Auditors read, and add nothing.
    client.force_login(org["auditor"])
    assert denied(client.get(reverse("planning_objective:add")))
    assert denied(client.post(reverse("planning_review:gather", args=[review.pk])))
    # Staff have no access.
    client.force_login(org["staff"])
    assert client.get(reverse("planning_dashboard")).status_code in (302, 403)
    assert client.get(detail).status_code in (302, 403)
    # Another agency's ISO secretary does not find this agency's review.
    other = AgencyFactory(code="xa-khac")
    stranger = SecretaryFactory(username="thuky_khac", department=DepartmentFactory(agency=other, code="vp-khac"))
    client.force_login(stranger)
    assert client.get(detail).status_code == 404
    assert client.get(reverse("planning_review:pdf", args=[review.pk])).status_code == 404
    assert client.get(reverse("planning_review:edit", args=[review.pk])).status_code == 404
    listing = client.get(reverse("planning_statistic:index")).content.decode()
    assert "QT-01" not in listing
    dashboard = client.get(reverse("planning_dashboard") + f"?agency={review.agency_id}").content.decode()
    assert re.search(r"data:image/svg\+xml;base64,", dashboard) is None  # no chart


@pytest.fixture
def review_with_decision(org):
    review = ManagementReview.objects.create(
        agency=org["ccvc"].agency,
        held_on=datetime.date(YEAR, 12, 1),
        chair=org["approver"],
        participants="BGĐ",
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
    )
    decision = ReviewDecision.objects.create(
        review=review, text="Rà soát QT-01", owner=org["auditor"], due_date=datetime.date(YEAR + 1, 3, 31)
    )
    return review, decision


def test_a_reader_who_is_not_owner_chair_or_secretary_is_refused_closing_a_decision(client, org, review_with_decision):
    review, decision = review_with_decision
    close = reverse("planning_review:close_decision", args=[review.pk, decision.pk])
    # Another approver reads the review but neither owns the decision nor chairs the review.
    client.force_login(org["approver2"])
    assert client.get(reverse("planning_review:detail", args=[review.pk])).status_code == 200
    assert denied(client.post(close, {"outcome": "Đã rà soát"}))
    decision.refresh_from_db()
    assert decision.status == ReviewDecision.Status.OPEN
    # Its owner closes it.
    client.force_login(org["auditor"])
    assert client.post(close, {"outcome": "Đã rà soát"}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == ReviewDecision.Status.DONE and decision.closed_by == org["auditor"]


def test_the_listings_open_each_record_on_its_own_page(client, org, imported, review_with_decision):
    review, decision = review_with_decision
    nonconformity = Nonconformity.objects.create(
        agency=org["ccvc"].agency,
        source=Nonconformity.Source.COMPLAINT,
        reported_on=datetime.date(YEAR, 3, 2),
        department=org["ccvc"],
        description="Công dân phản ánh",
        recorded_by=org["secretary"],
    )
    pages = {
        "planning_import": (imported.pk, reverse("planning_import:preview", args=[imported.pk])),
        "planning_nonconformity": (
            nonconformity.pk,
            reverse("planning_nonconformity:detail", args=[nonconformity.pk]),
        ),
        "planning_review": (review.pk, reverse("planning_review:detail", args=[review.pk])),
        "planning_decision": (decision.pk, reverse("planning_review:detail", args=[review.pk])),
    }
    client.force_login(org["secretary"])
    for name, (pk, page) in pages.items():
        listing = client.get(reverse(f"{name}:index")).content.decode()
        # The title, the "Open" item and the "Edit" item all lead to the record's page.
        assert listing.count(f'href="{page}"') >= 3, name
        assert "Mở" in listing, name
        assert reverse(f"{name}:edit", args=[pk]) not in listing, name
