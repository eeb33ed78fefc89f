"""Document control's panels on the back office's dashboard (qms.dashboard).

- waiting for my signature: drafts at a review or approval step the person may sign;
- periodic reviews due: the documents of their scope due within a month, overdue or flagged;
- read-and-understood: the current issues of their agency (a head: their staff) least read first.

Each reads its rows in a fixed number of queries.
"""

from django.db.models import CharField, Count, F, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from procedures.control import access
from procedures.control.acknowledging import followed_assignments
from procedures.control.periodic_review import review_rows
from procedures.models import ApprovalTask, ControlledDocumentPage, ReviewTask
from qms import roles, scope
from qms.dashboard import DashboardPanel, Row, panels_hook, short_date

# Candidates read beyond the limit, for those the person may not sign (e.g. they wrote the draft).
SIGNING_CANDIDATES = 10


def _in_agencies(agencies, path):
    if agencies == roles.ALL:
        return Q()
    if agencies:
        return Q(**{f"{path}__in": agencies})
    return None


def _any(conditions):
    conditions = [c for c in conditions if c is not None]
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def _document_label(document):
    return f"{document.code} – {document.title}" if document.code else document.title


class AwaitingMySignaturePanel(DashboardPanel):
    name = "awaiting_my_signature"
    heading = _("Waiting for my review or approval")
    empty_text = _("No document is waiting for your signature.")
    shown_to = (roles.ISO_SECRETARY, roles.APPROVER)
    shown_to_heads = True
    order = 10

    def _documents(self, condition):
        return ControlledDocumentPage.objects.filter(condition).annotate(key=Cast("pk", CharField())).values("key")

    def rows(self):
        user = self.request.user
        review_condition = _any(
            [
                _in_agencies(roles.agencies_with_role(user, roles.ISO_SECRETARY), "owner_department__agency"),
                Q(owner_department__in=headed) if (headed := scope.headed_departments(user)) else None,
            ]
        )
        approval_condition = _in_agencies(roles.agencies_with_role(user, roles.APPROVER), "owner_department__agency")
        tasks = {}
        steps = []
        if review_condition is not None:
            review_tasks = {task.pk: task for task in ReviewTask.objects.all()}
            tasks.update(review_tasks)
            steps.append(
                Q(task__in=review_tasks.keys(), workflow_state__object_id__in=self._documents(review_condition))
            )
        if approval_condition is not None:
            approval_tasks = {task.pk: task for task in ApprovalTask.objects.all()}
            tasks.update(approval_tasks)
            steps.append(
                Q(task__in=approval_tasks.keys(), workflow_state__object_id__in=self._documents(approval_condition))
            )
        if not steps:
            return []
        states = list(
            TaskState.objects.filter(
                _any(steps),
                status=TaskState.STATUS_IN_PROGRESS,
                workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            )
            .select_related("workflow_state", "workflow_state__requested_by")
            .order_by("started_at", "pk")[:SIGNING_CANDIDATES]
        )
        documents = (
            ControlledDocumentPage.objects.annotate(agency_key=F("owner_department__agency"))
            .select_related("owner_department")
            .in_bulk([int(state.workflow_state.object_id) for state in states])
        )
        rows = []
        for state in states:
            document = documents.get(int(state.workflow_state.object_id))
            if document is None:
                continue
            document.__dict__["agency_id"] = document.agency_key
            task = tasks[state.task_id]
            if task.refusal_reason(document, user, state.workflow_state) is not None:
                continue
            rows.append(
                Row(
                    _document_label(document),
                    reverse("procedures_sign", args=[state.pk]),
                    _("%(step)s, submitted %(date)s")
                    % {
                        "step": task.name,
                        "date": short_date(timezone.localtime(state.started_at)),
                    },
                )
            )
            if len(rows) == self.limit:
                break
        return rows


class ReviewsDuePanel(DashboardPanel):
    name = "reviews_due"
    heading = _("Periodic reviews coming due")
    empty_text = _("No document is due for periodic review in the next 30 days.")
    more_label = _("All periodic reviews due")
    more_url_name = "control:review_due"
    shown_to = (roles.ISO_SECRETARY, roles.APPROVER)
    shown_to_heads = True
    order = 20

    def rows(self):
        today = timezone.localdate()
        rows = []
        for row in review_rows(today, ControlledDocumentPage.objects.visible_to(self.request.user))[: self.limit]:
            if row.flags:
                detail = _("flagged for review")
            elif row.overdue:
                detail = _("overdue since %(date)s") % {"date": short_date(row.due)}
            else:
                detail = _("due %(date)s") % {"date": short_date(row.due)}
            rows.append(
                Row(
                    _document_label(row.document),
                    reverse("control:review", args=[row.document.pk]),
                    detail,
                    warning=row.overdue or bool(row.flags),
                )
            )
        return rows


class ReadingCompletionPanel(DashboardPanel):
    name = "reading_completion"
    heading = _("Reading completion")
    empty_text = _("No current issue has to be read by your staff.")
    more_label = _("Read-and-understood report")
    more_url_name = "control:reading_completion"
    shown_to = (roles.ISO_SECRETARY,)
    shown_to_heads = True
    order = 50

    def rows(self):
        if not access.can_follow_reading(self.request.user):
            return []
        completion = (
            followed_assignments(self.request.user)
            .values("issue__document_id", "issue__code", "issue__title")
            .annotate(total=Count("pk"), read=Count("pk", filter=Q(done=True)))
            .order_by("issue__code")
        )
        rows = []
        for row in completion:
            percent = round(100 * row["read"] / row["total"]) if row["total"] else 0
            rows.append(
                (
                    percent,
                    Row(
                        f"{row['issue__code']} – {row['issue__title']}",
                        reverse("control:readers", args=[row["issue__document_id"]]),
                        _("%(percent)s%% read (%(read)s of %(total)s)")
                        % {"percent": percent, "read": row["read"], "total": row["total"]},
                        warning=percent < 100,
                    ),
                )
            )
        rows.sort(key=lambda pair: pair[0])
        return [row for _percent, row in rows[: self.limit]]


# The ``construct_homepage_panels`` hook.
add_panels = panels_hook(AwaitingMySignaturePanel, ReviewsDuePanel, ReadingCompletionPanel)
