"""The daily duty reminds owners of review decisions falling due and of objective results to enter, once a day."""

import datetime
from decimal import Decimal
from io import StringIO

from planning.models import ManagementReview, ObjectiveResult, ReviewDecision
from planning.notices import DECISION_DUE, RESULT_DUE
from planning.reminders import remind_owners
from qms.models import Notification
from tests.planning.conftest import YEAR


def test_decisions_due_and_results_missing_are_reminded_once_a_day(org, entered_objective):
    review = ManagementReview.objects.create(
        agency=org["ccvc"].agency,
        held_on=datetime.date(YEAR, 1, 10),
        chair=org["approver"],
        participants="BGĐ",
        period_start=datetime.date(YEAR - 1, 1, 1),
        period_end=datetime.date(YEAR - 1, 12, 31),
        inputs={"gathered_on": "2026-01-10"},
    )
    due = ReviewDecision.objects.create(
        review=review, text="Số hóa hồ sơ", owner=org["head"], due_date=datetime.date(YEAR, 3, 31)
    )
    ReviewDecision.objects.create(
        review=review, text="Việc còn xa", owner=org["staff"], due_date=datetime.date(YEAR, 9, 30)
    )
    review.sign(org["approver"])
    today = datetime.date(YEAR, 3, 26)  # Q1 closes on 31/03 without a result
    remind_owners(today, StringIO())
    remind_owners(today, StringIO())  # the same day again: nothing new
    notices = Notification.objects.order_by("kind")
    assert [(n.kind, n.recipient) for n in notices] == [(RESULT_DUE, org["head"]), (DECISION_DUE, org["head"])]
    assert "Số hóa hồ sơ" in notices.get(kind=DECISION_DUE).params["text"]
    # Done, and the result entered: nothing more to remind the next day.
    due.close(org["head"], "Đã số hóa")
    ObjectiveResult.objects.create(
        objective=entered_objective,
        period_start=datetime.date(YEAR, 1, 1),
        value=Decimal(1),
        entered_by=org["secretary"],
    )
    remind_owners(today + datetime.timedelta(days=1), StringIO())
    assert Notification.objects.count() == 2
