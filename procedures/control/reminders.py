"""Daily reminders (gathered into each person's digest by `qms_daily`).

Each reminder is created once per event: a review entering its last 30 days,
a review becoming overdue, and an issue still not confirmed a few days after
it was assigned.
"""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse

from procedures.control.external_documents import owners_of
from procedures.control.periodic_review import review_rows
from procedures.models import Acknowledgement, ReadingAssignment
from procedures.notices import Notice
from qms import roles
from qms.models import User
from qms.notifications import notify

ACKNOWLEDGEMENT_GRACE_DAYS = 3


def remind(today, stdout=None):
    reviews = remind_reviews(today)
    readings = remind_readings(today)
    if stdout is not None:
        stdout.write(f"  reminders: {reviews} reviews, {readings} readings")


def remind_reviews(today):
    secretaries = list(User.objects.filter(is_active=True, groups__name=roles.ISO_SECRETARY))
    count = 0
    for row in review_rows(today):
        if row.flags and row.due > today:
            continue  # flagged documents were notified when flagged
        kind = Notice.REVIEW_OVERDUE if row.overdue else Notice.REVIEW_DUE
        created = notify(
            [*owners_of(row.document), *secretaries],
            kind,
            {"code": row.document.code, "title": row.document.title, "due": row.due.strftime("%d/%m/%Y")},
            url=reverse("control:review", args=[row.document.pk]),
            key=f"{kind}:{row.issue.pk}:{row.due.isoformat()}",
            email=False,
        )
        count += len(created)
    return count


def remind_readings(today):
    cutoff = datetime.datetime.combine(
        today - datetime.timedelta(days=ACKNOWLEDGEMENT_GRACE_DAYS), datetime.time.max, tzinfo=datetime.UTC
    )
    pending = (
        ReadingAssignment.objects.required()
        .filter(issue__status="current", assigned_at__lte=cutoff)
        .annotate(done=Exists(Acknowledgement.objects.filter(issue=OuterRef("issue"), user=OuterRef("user"))))
        .filter(done=False)
        .select_related("issue", "issue__document", "user")
    )
    count = 0
    for assignment in pending:
        issue = assignment.issue
        count += len(
            notify(
                [assignment.user],
                Notice.ACKNOWLEDGEMENT_PENDING,
                {"code": issue.code, "title": issue.title, "edition": f"{issue.edition}/{issue.amendment}"},
                url=issue.document.url,
                key=f"ack:{assignment.pk}",
                email=False,
            )
        )
    return count
