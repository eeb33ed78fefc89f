"""Citizens' satisfaction surveys: imported from the survey's file with the one-stop import's
machinery (all rows or none, "Row N, column X" errors) or entered, an objective computed from
them, the dashboard and the management review's draft showing them, per agency."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from planning import minutes, performance, review_inputs
from planning.models import DataSource, Frequency, ManagementReview, OneStopImport, QualityObjective, SatisfactionResult
from tests.planning.conftest import YEAR
from tests.qms.factories import AgencyFactory, DepartmentFactory, SecretaryFactory

HEADER = "Mã thủ tục,Tháng,Số phiếu khảo sát,Hài lòng"


def survey_file(rows, name="khao-sat.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEADER, *rows]) + "\n").encode(), content_type="text/csv")


def upload(client, rows):
    response = client.post(reverse("planning_import:add"), {"kind": "satisfaction", "file": survey_file(rows)})
    assert response.status_code == 302, response.content.decode()[:3000]
    return OneStopImport.objects.latest("pk")


@pytest.fixture
def year_of_surveys(client, org, procedures):
    client.force_login(org["secretary"])
    rows = [f"QT-0{n},{month:02d}/{YEAR},20,{19 if month != 3 else 15}" for n in (1, 2) for month in range(1, 13)]
    row = upload(client, rows)
    preview = client.get(reverse("planning_import:preview", args=[row.pk])).content.decode()
    assert "24" in preview and "Nhập các dòng này" in preview
    assert not SatisfactionResult.objects.exists()  # nothing before the confirmation
    client.post(reverse("planning_import:confirm", args=[row.pk]))
    row.refresh_from_db()
    assert row.status == OneStopImport.Status.IMPORTED and SatisfactionResult.objects.count() == 24
    return row


def test_a_bad_survey_file_names_row_and_column_and_imports_nothing(client, org, procedures):
    client.force_login(org["secretary"])
    row = upload(client, ["QT-01,01/2026,20,19", "QT-01,02/2026,20,25", "QT-09,02/2026,10,9", "QT-02,13/2026,5,5"])
    text = client.get(reverse("planning_import:preview", args=[row.pk])).content.decode()
    assert "Dòng 3, cột “số hài lòng”: số hài lòng nhiều hơn số phiếu khảo sát (20)" in text
    assert "Dòng 4, cột “mã thủ tục”: không có thủ tục nào của cơ quan mang mã QT-09" in text
    assert "Dòng 5, cột “tháng”" in text
    assert "Nhập các dòng này" not in text
    client.post(reverse("planning_import:confirm", args=[row.pk]))
    assert not SatisfactionResult.objects.exists()
    row.refresh_from_db()
    assert row.status == OneStopImport.Status.REJECTED


def test_a_survey_file_without_a_column_or_with_a_word_for_a_number_imports_nothing(client, org, procedures):
    client.force_login(org["secretary"])
    no_column = SimpleUploadedFile("thieu-cot.csv", "Mã thủ tục,Tháng,Số phiếu khảo sát\nQT-01,01/2026,20\n".encode())
    assert client.post(reverse("planning_import:add"), {"kind": "satisfaction", "file": no_column}).status_code == 302
    row = OneStopImport.objects.latest("pk")
    text = client.get(reverse("planning_import:preview", args=[row.pk])).content.decode()
    assert "Dòng 1: thiếu cột số hài lòng." in text and "Nhập các dòng này" not in text
    row = upload(client, ["QT-01,01/2026,hai mươi,19", "", "QT-02,01/2026,20,"])
    text = client.get(reverse("planning_import:preview", args=[row.pk])).content.decode()
    assert "Dòng 2, cột “số phiếu khảo sát”: không phải số phiếu (số nguyên)" in text
    assert "Dòng 4, cột “số hài lòng”: không phải số phiếu (số nguyên)" in text
    assert "Dòng 3" not in text  # an empty row is passed over
    client.post(reverse("planning_import:confirm", args=[row.pk]))
    row.refresh_from_db()
    assert row.status == OneStopImport.Status.REJECTED and not SatisfactionResult.objects.exists()


def test_a_month_already_recorded_rejects_the_whole_file(client, org, year_of_surveys):
    row = upload(client, ["QT-03,01/2026,10,10", "QT-01,05/2026,10,10"])
    text = client.get(reverse("planning_import:preview", args=[row.pk])).content.decode()
    assert "Dòng 3, cột “tháng”: QT-01 05/2026 đã được ghi nhận" in text
    client.post(reverse("planning_import:confirm", args=[row.pk]))
    assert SatisfactionResult.objects.count() == 24


def test_an_objective_is_computed_from_the_surveys_and_shown_on_the_dashboard(client, org, year_of_surveys):
    objective = QualityObjective.objects.create(
        agency=org["ccvc"].agency,
        year=YEAR,
        statement="Người dân hài lòng",
        indicator="Mức độ hài lòng",
        unit="%",
        target=Decimal("95"),
        frequency=Frequency.QUARTERLY,
        data_source=DataSource.SURVEY,
        owner=org["secretary"],
    )
    (status,) = performance.objectives_status(org["ccvc"].agency_id, YEAR, today=datetime.date(YEAR, 12, 31))
    assert status.objective == objective
    # Q1: 2 procedures × 3 months × 20 forms; March 15 satisfied, else 19 → (19+19+15)×2 / 120.
    assert status.periods[0][1] == Decimal("88.3") and status.periods[0][2] is False
    assert status.periods[1][1] == Decimal("95.0") and status.periods[1][2] is True
    page = client.get(reverse("planning_dashboard") + f"?year={YEAR}").content.decode()
    assert "Mức độ hài lòng của người dân (%)" in page
    assert "75,0" in page  # March: 30 of 40 forms


def test_the_review_gathers_satisfaction_and_complaints(org, year_of_surveys):
    review = ManagementReview.objects.create(
        agency=org["ccvc"].agency,
        held_on=datetime.date(YEAR, 12, 20),
        chair=org["approver"],
        participants="BGĐ",
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
    )
    review_inputs.gather_into(review, org["secretary"], today=datetime.date(YEAR, 12, 20))
    review.refresh_from_db()
    assert len(review.inputs["satisfaction"]) == 12
    assert review.inputs["least_satisfied"][0]["code"] in ("QT-01", "QT-02")
    section = next(s for s in minutes.sections(review.inputs) if s["title"].startswith("5."))
    assert section["chart"] is not None
    assert [len(t["rows"]) for t in section["tables"][:2]] == [12, 2]


def test_the_secretary_enters_a_result_exports_them_and_another_agency_does_not_see_them(
    client, org, procedures, year_of_surveys
):
    client.force_login(org["secretary"])
    response = client.post(
        reverse("planning_satisfaction:add"),
        {"document": procedures[2].pk, "month": f"{YEAR}-04-15", "responses": "12", "satisfied": "13", "note": ""},
    )
    assert response.status_code == 200 and not SatisfactionResult.objects.filter(document=procedures[2]).exists()
    response = client.post(
        reverse("planning_satisfaction:add"),
        {"document": procedures[2].pk, "month": f"{YEAR}-04-15", "responses": "12", "satisfied": "11", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "QT-03" in client.get(response.url).content.decode()  # the listing, with its "created" message read
    entered = SatisfactionResult.objects.get(document=procedures[2])
    assert entered.month == datetime.date(YEAR, 4, 1) and entered.entered_by == org["secretary"]
    assert entered.department == procedures[2].owner_department and entered.history.count() == 1
    export = client.get(reverse("planning_satisfaction:index") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "QT-03" in " ".join(values) and "91.7" in values

    other = AgencyFactory(code="xa-khac")
    stranger = SecretaryFactory(username="thuky_khac", department=DepartmentFactory(agency=other, code="vp-khac"))
    client.force_login(stranger)
    listing = client.get(reverse("planning_satisfaction:index")).content.decode()
    assert "QT-03" not in listing
    assert client.get(reverse("planning_satisfaction:edit", args=[entered.pk])).status_code == 404
    assert client.get(reverse("planning_import:preview", args=[year_of_surveys.pk])).status_code == 404
    client.force_login(org["staff"])
    assert client.get(reverse("planning_satisfaction:index")).status_code in (302, 403)
