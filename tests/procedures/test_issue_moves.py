"""An issue's status moves are model methods: one transaction each, a history row naming
who moved it, the signal once committed, and a refusal of a move its status does not allow."""

import pytest
from django.core.exceptions import PermissionDenied

from procedures.models import IssueStatus
from procedures.models.issues import issue_became_current
from tests.procedures.factories import add_issue
from tests.procedures.workflow import issue_through_workflow


def test_making_an_issue_current_supersedes_the_previous_one_and_says_so(
    client, org, make_document, django_capture_on_commit_callbacks
):
    document = make_document()
    first = issue_through_workflow(client, org, document)
    second = add_issue(document, org["approver"], status=IssueStatus.SCHEDULED)
    heard = []

    def hear(sender, issue, previous, **kwargs):
        heard.append((issue.pk, previous.pk))

    issue_became_current.connect(hear)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            previous = second.make_current(user=org["secretary"])
    finally:
        issue_became_current.disconnect(hear)
    first.refresh_from_db()
    second.refresh_from_db()
    assert previous == first
    assert (first.status, first.superseded_by, second.status) == (IssueStatus.SUPERSEDED, second, IssueStatus.CURRENT)
    assert first.superseded_at == second.became_current_at
    assert (second.pk, first.pk) in heard
    assert first.history.first().history_user == second.history.first().history_user == org["secretary"]


def test_a_withdrawn_issue_moves_no_further(client, org, make_document):
    issue = issue_through_workflow(client, org, make_document())
    issue.withdraw("Hết hiệu lực", user=org["approver"])
    issue.refresh_from_db()
    assert issue.status == IssueStatus.WITHDRAWN and issue.withdrawal_reason == "Hết hiệu lực"
    assert issue.history.first().history_user == org["approver"]
    for move in (issue.make_current, lambda: issue.supersede(None), lambda: issue.withdraw("lần nữa")):
        with pytest.raises(PermissionDenied):
            move()
    issue.refresh_from_db()
    assert (issue.status, issue.withdrawal_reason) == (IssueStatus.WITHDRAWN, "Hết hiệu lực")
