"""The demo's documents went through the workflow on days of the past: every row, ours and
Wagtail's, is dated as the step happened, without touching the clock (procedures/demo/timeline.py)."""

import datetime
from io import StringIO

from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, TaskState

from procedures.demo.documents import build_some
from procedures.models import ControlledDocumentPage, IssueStatus, Signature
from qms.demo import organisation
from qms.models import Notification


def at(date, days_before, hour):
    return timezone.make_aware(
        datetime.datetime.combine(date - datetime.timedelta(days=days_before), datetime.time(hour))
    )


def test_each_round_of_a_demo_document_is_dated_as_it_happened(db):
    organisation.build(StringIO())
    build_some(["QT-01"], StringIO())
    document = ControlledDocumentPage.objects.get(code="QT-01")
    today = timezone.localdate()
    issues = list(document.issues.order_by("edition", "amendment"))
    assert len(issues) == 3 and all(issue.effective_date < today for issue in issues)
    assert [issue.status for issue in issues] == [IssueStatus.SUPERSEDED, IssueStatus.SUPERSEDED, IssueStatus.CURRENT]

    for issue, following in zip(issues, [*issues[1:], None], strict=True):
        effective = issue.effective_date
        submitted, reviewed, approved = at(effective, 12, 9), at(effective, 8, 10), at(effective, 5, 15)
        in_effect = at(effective, 0, 7)
        assert issue.approved_at == approved and issue.became_current_at == in_effect
        assert [h.history_date for h in issue.history.order_by("history_date")] == [
            approved,
            in_effect,
            *([at(following.effective_date, 0, 7)] if following else []),
        ]
        signatures = Signature.objects.filter(workflow_state_id=issue.workflow_state_id).order_by("signed_at")
        assert [(s.meaning, s.signed_at) for s in signatures] == [
            ("prepared", submitted),
            ("reviewed", reviewed),
            ("approved", approved),
        ]
        assert [s.history.get().history_date for s in signatures] == [reviewed, reviewed, approved]
        assert Revision.objects.get(pk=issue.revision_id).created_at == submitted
        steps = TaskState.objects.filter(workflow_state_id=issue.workflow_state_id).order_by("pk")
        assert [(step.started_at, step.finished_at) for step in steps] == [(submitted, reviewed), (reviewed, approved)]
        announced = Notification.objects.filter(key__in=[f"task:{step.pk}" for step in steps])
        assert {n.created_at for n in announced} == {submitted, reviewed}
        assert {h.history_date for n in announced for h in n.history.all()} == {submitted, reviewed}

    # Wagtail's own rows of the document: its log and its publication dates.
    published = PageLogEntry.objects.filter(page=document, action="wagtail.publish").order_by("pk")
    assert [entry.timestamp for entry in published] == [issue.approved_at for issue in issues]
    document.refresh_from_db()
    assert document.first_published_at == issues[0].approved_at
    assert document.last_published_at == issues[-1].approved_at
    assert not PageLogEntry.objects.filter(page=document, timestamp__date__gte=today).exists()
