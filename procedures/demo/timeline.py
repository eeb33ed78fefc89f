"""Dating the demo's past without touching the clock.

The demo takes its documents through the real workflow on dates of the past
two years. What procedures writes takes the moment explicitly: signatures,
issues and their moves, the notifications of each step
(signing.complete_signing(at=...), issuing.make_due_issues_current(at=...),
issuing.withdraw(at=...), models.tasks.steps_starting_at). Wagtail's own rows
take no moment: :func:`wagtail_rows_dated` dates what Wagtail wrote during a
step (revisions, workflow and task states, log entries, the page's
publication dates, documents) right after it, before anything reads them.
None of those tables is guarded (qms.db_guards), and a revision is updated in
the database, not saved, so the guard of signed revisions
(procedures.models.authorship) is not involved; a revision's content is not changed.
"""

import contextlib
import datetime

from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState

# Wagtail's timestamped rows: model, its date fields.
WAGTAIL_DATES = [
    (PageLogEntry, ["timestamp"]),
    (Revision, ["created_at"]),
    (WorkflowState, ["created_at"]),
    (TaskState, ["started_at", "finished_at"]),
    (Page, ["latest_revision_created_at", "first_published_at", "last_published_at"]),
    (Document, ["created_at"]),
]


def moment(date, hour=9):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


@contextlib.contextmanager
def wagtail_rows_dated(at):
    """What Wagtail writes inside this block is dated ``at`` (a step of a past round)."""
    began = timezone.now()
    yield
    written = (began, timezone.now())
    for model, fields in WAGTAIL_DATES:
        for field in fields:
            model.objects.filter(**{f"{field}__range": written}).update(**{field: at})
