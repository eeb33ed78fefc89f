import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from audits.models import CorrectiveAction
from planning.models import DataSource, Frequency, QualityObjective, Risk
from tests.audits.factories import CorrectiveActionFactory
from tests.procedures.factories import make_issued_document

YEAR = 2026


@pytest.fixture
def procedures(section, org):
    """Three issued procedures of the CCVC department: QT-01, QT-02, QT-03."""
    return [
        make_issued_document(section, org["approver"], title=title, code=code, department=org["ccvc"])
        for code, title in (
            ("QT-01", "Quy trình tuyển dụng công chức"),
            ("QT-02", "Quy trình nâng lương"),
            ("QT-03", "Quy trình bổ nhiệm"),
        )
    ]


@pytest.fixture
def on_time_objective(org):
    return QualityObjective.objects.create(
        agency=org["ccvc"].agency,
        year=YEAR,
        statement="Giải quyết hồ sơ đúng hạn",
        indicator="Tỷ lệ hồ sơ đúng hạn",
        unit="%",
        target=Decimal("95"),
        frequency=Frequency.MONTHLY,
        data_source=DataSource.ONE_STOP,
        owner=org["secretary"],
    )


@pytest.fixture
def entered_objective(org):
    return QualityObjective.objects.create(
        agency=org["ccvc"].agency,
        year=YEAR,
        department=org["ccvc"],
        statement="Giảm phản ánh của người dân",
        indicator="Số phản ánh",
        unit="vụ",
        target=Decimal("2"),
        direction="at_most",
        frequency=Frequency.QUARTERLY,
        owner=org["head"],
    )


def csv_bytes(rows, header="Mã thủ tục,Tháng,Tiếp nhận,Đúng hạn,Trễ hạn,Đang giải quyết"):
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def year_of_rows(codes=("QT-01", "QT-02", "QT-03"), year=YEAR, late=lambda month: month % 3):
    return [
        f"{code},{month:02d}/{year},20,{18 - late(month)},{late(month)},2" for code in codes for month in range(1, 13)
    ]


@pytest.fixture
def first_day():
    return datetime.date(YEAR, 1, 1)


def close(action):
    # The action's own life (plan, implement, verify, close) is audits' (tests/audits).
    CorrectiveAction.objects.filter(pk=action.pk).update(
        status=CorrectiveAction.Status.CLOSED, closed_at=timezone.now()
    )


@pytest.fixture
def treated_risk(org):
    """(risk, actions): a risk of the CCVC owned by its head (no planning role), treated by two open actions."""
    actions = [
        CorrectiveActionFactory(
            finding=None,
            agency=org["ccvc"].agency,
            department=org["ccvc"],
            nonconformity=text,
            owner=org["head"],
            raised_by=org["secretary"],
        )
        for text in ("Bổ sung cán bộ thẩm định", "Số hoá hồ sơ")
    ]
    risk = Risk.objects.create(
        agency=org["ccvc"].agency,
        description="Hồ sơ tuyển dụng trễ hạn do thiếu cán bộ",
        likelihood=4,
        impact=4,
        owner=org["head"],
        review_date=datetime.date(2026, 12, 1),
    )
    risk.actions.set(actions)
    return risk, actions
