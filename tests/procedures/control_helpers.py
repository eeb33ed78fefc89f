"""Helpers shared by the document-control tests."""

import datetime

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from procedures.models import ControlledDocumentPage, Issue
from qms import db_guards
from tests.procedures.workflow import issue_through_workflow
from tests.qms.factories import PASSWORD


def issue_now(client, org, document, capture, **kwargs):
    """Issue through the workflow and run what happens on commit (signals, emails)."""
    with capture(execute=True):
        issue = issue_through_workflow(client, org, document, **kwargs)
    return issue


def rewrite_for_set_up(queryset, **values):
    """Test set-up only: change kept records in place (the models refuse it, and so does the
    database: its guard on the table is lifted for this one update)."""
    table = queryset.model._meta.db_table
    db_guards.remove(connection, table)
    try:
        QuerySet.update(queryset, **values)
    finally:
        db_guards.ensure_all()


def backdate(issue, days):
    """Test set-up only: pretend the issue took effect `days` ago."""
    effective = timezone.localdate() - datetime.timedelta(days)
    rewrite_for_set_up(Issue.objects.filter(pk=issue.pk), effective_date=effective)
    issue.refresh_from_db()
    return issue


def withdraw(client, org, document):
    client.force_login(org["approver"])
    response = client.post(f"/admin/qms/withdraw/{document.pk}/", {"reason": "Không còn áp dụng", "password": PASSWORD})
    assert response.status_code == 302
    return ControlledDocumentPage.objects.get(pk=document.pk)


def page_text(response):
    return response.content.decode()
