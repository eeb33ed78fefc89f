"""The quality objectives document (MTCL) cites the agency's objectives of a year: its issue freezes
the heading and the year; its reading page shows each objective with its target and its current
achievement, said to be the figures at the time of viewing, and they change with the results
recorded while the frozen body stays as issued."""

import datetime
from decimal import Decimal

from planning.models import Frequency, ObjectiveResult, QualityObjective
from tests.procedures.factories import make_issued_document

BODY = [
    {
        "type": "section",
        "value": {"kind": "purpose", "heading": "1. Chính sách chất lượng", "body": "<p>Phục vụ nhân dân.</p>"},
    },
    {"type": "quality_objectives", "value": {"heading": "2. Mục tiêu chất lượng năm 2026", "year": 2026}},
]


def test_the_mtcl_document_shows_its_objectives_live_and_its_issue_stays_frozen(client, section, org):
    document = make_issued_document(
        section,
        org["approver"],
        title="Mục tiêu chất lượng năm 2026",
        code="MTCL-01",
        department=org["ccvc"],
        body=BODY,
    )
    issue = document.current_issue
    frozen = issue.body_html
    assert 'data-objectives-year="2026"' in frozen and "2. Mục tiêu chất lượng năm 2026" in frozen
    objective = QualityObjective.objects.create(
        agency=org["ccvc"].agency,
        year=2026,
        statement="Giải quyết 100% hồ sơ đúng hạn",
        indicator="Tỷ lệ hồ sơ đúng hạn",
        unit="%",
        target=Decimal("98"),
        frequency=Frequency.YEARLY,
        owner=org["secretary"],
    )
    QualityObjective.objects.create(  # another year: not cited
        agency=org["ccvc"].agency,
        year=2025,
        statement="Mục tiêu năm trước",
        indicator="Năm trước",
        target=Decimal("1"),
        owner=org["secretary"],
    )
    client.force_login(org["staff"])
    page = client.get(document.url).content.decode()
    assert "Số liệu tại thời điểm xem" in page
    assert "Giải quyết 100% hồ sơ đúng hạn" in page and "≥ 98 %" in page
    assert "Mục tiêu năm trước" not in page
    assert "ETag" not in client.get(document.url)  # never revalidated from the issue's state: live

    ObjectiveResult.objects.create(
        objective=objective, period_start=datetime.date(2026, 1, 1), value=Decimal("96.5"), entered_by=org["secretary"]
    )
    page = client.get(document.url).content.decode()
    assert "96,50" in page  # the latest result, written the Vietnamese way
    assert "98,5" in page  # achievement: 96.5 / 98
    assert "không đạt" in page
    issue.refresh_from_db()
    assert issue.body_html == frozen


def test_a_document_citing_no_objectives_shows_none(client, section, org):
    document = make_issued_document(section, org["approver"], title="Quy trình", department=org["ccvc"])
    client.force_login(org["staff"])
    assert "Số liệu tại thời điểm xem" not in client.get(document.url).content.decode()
