"""Nonconformities opening corrective actions of audits' own life, and the management review:
its draft gathered from the records, decisions, the chair's signature, the minutes PDF."""

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from audits.models import CorrectiveAction
from planning import minutes, onestop_import, review_inputs, sources
from planning.models import ManagementReview, Nonconformity, ObjectiveResult, OneStopImport, ReviewDecision, Risk
from qms.immutable import RecordKept
from tests.audits.factories import AuditFactory, FindingFactory, ProgrammeFactory
from tests.planning.conftest import YEAR, csv_bytes, year_of_rows


@pytest.fixture
def imported(org, procedures):
    upload = OneStopImport(agency=org["ccvc"].agency, uploaded_by=org["secretary"], original_name="a.csv", sha256="x")
    upload.file.save("a.csv", ContentFile(csv_bytes(year_of_rows())), save=False)
    upload.save()
    onestop_import.confirm(upload, org["secretary"])
    return upload


@pytest.fixture
def review(org):
    return ManagementReview.objects.create(
        agency=org["ccvc"].agency,
        held_on=datetime.date(YEAR, 12, 20),
        chair=org["approver"],
        participants="Ban Giám đốc, trưởng các phòng",
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
    )


def test_a_complaint_opens_a_corrective_action_of_the_audits_life(org):
    nonconformity = Nonconformity.objects.create(
        agency=org["ccvc"].agency,
        source=Nonconformity.Source.COMPLAINT,
        reported_on=datetime.date(YEAR, 3, 2),
        department=org["ccvc"],
        description="Công dân phản ánh hồ sơ bị trả lại nhiều lần",
        recorded_by=org["secretary"],
    )
    due = datetime.date.today() + datetime.timedelta(days=30)
    with pytest.raises(PermissionDenied):
        nonconformity.open_corrective_action(org["auditor"], owner=org["head"], due_date=due)
    action = nonconformity.open_corrective_action(org["secretary"], owner=org["head"], due_date=due)
    assert action.source == CorrectiveAction.Source.COMPLAINT and action.status == CorrectiveAction.Status.OPEN
    assert action.number.startswith("HĐKP-") and action.agency_id == org["ccvc"].agency_id
    nonconformity.refresh_from_db()
    assert nonconformity.corrective_action == action
    with pytest.raises(ValidationError):
        nonconformity.open_corrective_action(org["secretary"], owner=org["head"], due_date=due)
    # The same life as a finding's action: the owner plans it.
    action.plan(
        org["head"], correction="Gọi lại công dân", root_cause="Thiếu hướng dẫn", action_plan="Niêm yết hướng dẫn"
    )
    assert action.status == CorrectiveAction.Status.PLANNED


def test_the_draft_gathers_audits_objectives_performance_and_risks(org, imported, review, entered_objective):
    programme = ProgrammeFactory(year=YEAR, approved_by=org["approver"])
    audit = AuditFactory(
        programme=programme,
        lead_auditor=org["auditor"],
        departments=[org["ccvc"]],
        planned_start=datetime.date(YEAR, 5, 4),
        planned_end=datetime.date(YEAR, 5, 6),
    )
    FindingFactory(audit=audit, kind="minor_nc")
    ObjectiveResult.objects.create(
        objective=entered_objective, period_start=datetime.date(YEAR, 1, 1), value=1, entered_by=org["secretary"]
    )
    Risk.objects.create(
        agency=org["ccvc"].agency,
        description="Mất dữ liệu hồ sơ",
        likelihood=4,
        impact=5,
        owner=org["head"],
        review_date=datetime.date(YEAR, 6, 30),
    )
    review_inputs.gather_into(review, org["secretary"], today=datetime.date(YEAR, 12, 20))
    review.refresh_from_db()
    inputs = review.inputs
    assert [a["number"] for a in inputs["audits"]] == [audit.number]
    assert inputs["audits"][0]["findings"] == {"minor_nc": 1}
    assert [o["indicator"] for o in inputs["objectives"]] == ["Số phản ánh"]
    assert inputs["objectives"][0]["met"] is True
    assert len(inputs["on_time"]) == 12 and inputs["on_time"][2]["rate"] == 100.0
    assert inputs["late_procedures"][0]["code"] in {"QT-01", "QT-02", "QT-03"}
    assert inputs["risks"][0]["rating"] == 20 and inputs["risks"][0]["level"] == "high"


def test_the_previous_reviews_decisions_are_followed_up(org, review):
    earlier = ManagementReview.objects.create(
        agency=org["ccvc"].agency,
        held_on=datetime.date(YEAR - 1, 12, 15),
        chair=org["approver"],
        participants="BGĐ",
        period_start=datetime.date(YEAR - 1, 1, 1),
        period_end=datetime.date(YEAR - 1, 12, 31),
    )
    ReviewDecision.objects.create(
        review=earlier, text="Số hóa hồ sơ lưu trữ", owner=org["head"], due_date=datetime.date(YEAR, 6, 30)
    )
    inputs = review_inputs.gather(review, today=datetime.date(YEAR, 12, 20))
    assert inputs["previous"]["decisions"][0]["text"] == "Số hóa hồ sơ lưu trữ"
    assert inputs["previous"]["decisions"][0]["status"] == "open"


def test_only_the_chair_signs_and_signed_minutes_never_change(org, imported, review):
    with pytest.raises(ValidationError):
        review.sign(org["approver"])  # nothing gathered yet
    review_inputs.gather_into(review, org["secretary"], today=datetime.date(YEAR, 12, 20))
    ReviewDecision.objects.create(
        review=review, text="Giảm hồ sơ trễ hạn của QT-01", owner=org["head"], due_date=datetime.date(YEAR + 1, 3, 31)
    )
    with pytest.raises(PermissionDenied):
        review.sign(org["approver2"])  # an approver, not the chair
    with pytest.raises(PermissionDenied):
        review.sign(org["secretary"])
    signed = review.sign(org["approver"])
    assert signed.is_signed and len(signed.content_sha256) == 64
    assert signed.content_sha256 == signed.compute_sha256()
    with pytest.raises(RecordKept):
        signed.conclusions = "đổi"
        signed.save()
    with pytest.raises(RecordKept):
        ReviewDecision.objects.create(
            review=signed, text="Thêm", owner=org["head"], due_date=datetime.date(YEAR + 1, 1, 1)
        )
    # Its decisions still move to closure.
    decision = signed.decisions.get()
    with pytest.raises(PermissionDenied):
        decision.close(org["staff"], "xong")
    decision.close(org["head"], "Đã rút ngắn thời gian thẩm định")
    assert ReviewDecision.objects.get().status == ReviewDecision.Status.DONE
    # The province's dashboard sees the review held that year.
    assert sources.reviews_held([org["ccvc"].agency_id], YEAR) == {org["ccvc"].agency_id: datetime.date(YEAR, 12, 20)}
    assert sources.reviews_held([org["ccvc"].agency_id], YEAR - 1) == {}


def test_the_minutes_pdf_shows_the_charts_and_their_tables(org, imported, review, on_time_objective, tmp_path):
    review_inputs.gather_into(review, org["secretary"], today=datetime.date(YEAR, 12, 20))
    ReviewDecision.objects.create(
        review=review, text="Giảm hồ sơ trễ hạn của QT-01", owner=org["head"], due_date=datetime.date(YEAR + 1, 3, 31)
    )
    review.sign(org["approver"])
    review.refresh_from_db()
    pdf = minutes.minutes_pdf(review, language="vi")
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", "-layout", str(path), "-"]
    text = subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603, S607
    assert "BIÊN BẢN" in text.upper()
    assert "Lê Hoàng Nam" in text
    assert "Giảm hồ sơ trễ hạn của QT-01" in text
    assert "Tỷ lệ hồ sơ đúng hạn" in text  # the objective, in its table
    assert "04/2026" in text  # the on-time table by month
    # The charts are images (SVG drawn by pygal): the PDF holds their drawings.
    sections = minutes.sections(review.inputs)
    charts = [s["chart"] for s in sections if s.get("chart")]
    assert len(charts) >= 2 and all(uri.startswith("data:image/svg+xml;base64,") for uri, _alt in charts)
    # WeasyPrint draws the SVG as vectors, its text as text: the charts' own titles are in the PDF.
    assert "Tỷ lệ hồ sơ đúng hạn (%)" in text
    assert "Mục tiêu chất lượng: kết quả gần nhất và chỉ tiêu" in text
