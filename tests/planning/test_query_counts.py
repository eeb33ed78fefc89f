"""The dashboard's figures and the review's draft take the same number of queries whatever the
number of procedures, months, objectives and risks (the benchmark, bench/planning.py, times them)."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_create_with_history

from planning import review_inputs
from planning.admin.views import dashboard_context
from planning.models import DataSource, DossierStatistic, ManagementReview, OneStopImport, QualityObjective, Risk
from tests.planning.conftest import YEAR
from tests.procedures.factories import make_issued_document


def add_statistics(org, documents, years):
    agency = org["ccvc"].agency
    upload = OneStopImport.objects.create(
        agency=agency, uploaded_by=org["secretary"], original_name="x.csv", sha256="x"
    )
    rows = [
        DossierStatistic(
            agency=agency,
            source=upload,
            document=document,
            department_id=document.owner_department_id,
            month=datetime.date(year, month, 1),
            received=10,
            on_time=8,
            late=1,
            pending=1,
        )
        for document in documents
        for year in years
        for month in range(1, 13)
    ]
    bulk_create_with_history(rows, DossierStatistic)


def add_planning(org, count):
    agency = org["ccvc"].agency
    for index in range(count):
        QualityObjective.objects.create(
            agency=agency,
            year=YEAR,
            statement="x",
            indicator=f"Chỉ số {index}",
            target=Decimal(90),
            data_source=DataSource.ONE_STOP if index % 2 else DataSource.ENTERED,
            owner=org["secretary"],
            department=org["ccvc"] if index % 3 == 0 else None,
        )
        Risk.objects.create(
            agency=agency,
            description=f"Rủi ro {index}",
            likelihood=1 + index % 5,
            impact=2,
            owner=org["head"],
            review_date=datetime.date(YEAR, 12, 1),
        )


def queries(org, review):
    today = datetime.date(YEAR, 12, 20)
    with CaptureQueriesContext(connection) as dashboard:
        dashboard_context(org["ccvc"].agency_id, YEAR, today)
    with CaptureQueriesContext(connection) as draft:
        review_inputs.gather(review, today=today)
    return len(dashboard), len(draft)


def test_queries_do_not_grow_with_procedures_and_months(org, section):
    review = ManagementReview.objects.create(
        agency=org["ccvc"].agency,
        held_on=datetime.date(YEAR, 12, 20),
        chair=org["approver"],
        participants="BGĐ",
        period_start=datetime.date(YEAR - 1, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
    )
    documents = [
        make_issued_document(
            section, org["approver"], title=f"Quy trình {n}", code=f"QT-{n:02d}", department=org["ccvc"]
        )
        for n in range(1, 5)
    ]
    add_statistics(org, documents[:1], [YEAR])
    add_planning(org, 2)
    small = queries(org, review)
    add_statistics(org, documents[1:], [YEAR])
    add_statistics(org, documents, [YEAR - 1])
    add_planning(org, 6)
    large = queries(org, review)
    assert large == small
    assert small[0] <= 15 and small[1] <= 20, small
