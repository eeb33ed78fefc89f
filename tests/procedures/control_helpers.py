"""Helpers shared by the document-control tests."""

import datetime

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from procedures.models import ControlledDocumentPage, Issue
from qms import db_guards
from tests.conftest import PASSWORD
from tests.procedures.conftest import issue_through_workflow


def issue_now(client, org, document, capture, **kwargs):
    """Issue through the workflow and run what happens on commit (signals, emails)."""
    with capture(execute=True):
        issue = issue_through_workflow(client, org, document, **kwargs)
    return issue


def backdate(issue, days):
    """Test set-up only: pretend the issue took effect `days` ago (issues refuse updates, and so
    does the database: its guard is lifted for this one update)."""
    db_guards.remove(connection, Issue._meta.db_table)
    QuerySet.update(Issue.objects.filter(pk=issue.pk), effective_date=timezone.localdate() - datetime.timedelta(days))
    db_guards.ensure_all()
    issue.refresh_from_db()
    return issue


def withdraw(client, org, document):
    client.force_login(org["approver"])
    response = client.post(f"/admin/qms/withdraw/{document.pk}/", {"reason": "Không còn áp dụng", "password": PASSWORD})
    assert response.status_code == 302
    return ControlledDocumentPage.objects.get(pk=document.pk)


def page_text(response):
    return response.content.decode()
