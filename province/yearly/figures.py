"""The figures of an agency's yearly QMS report, computed from the records.

A bounded number of queries whatever the size of the library (about a dozen):
counts are made by the database, never document by document. The result is
plain JSON (numbers, strings, ISO dates), frozen in YearlyReport.figures.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone

from audits.models import Audit, CorrectiveAction, Finding
from procedures.models import ChangeRequest, ControlledDocumentPage, Issue, PeriodicReview
from qms import roles

FINDING_KINDS = [kind for kind, _label in Finding.Kind.choices]


def year_bounds(year):
    """The first moment of the year and of the next, in local time."""
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    return start, end


def compute_figures(agency, year, today=None):
    today = today or timezone.localdate()
    start, end = year_bounds(year)
    # Overdue actions are counted at the end of the year, or today for the running year.
    as_of = min(today, datetime.date(year, 12, 31))

    issues = Issue.objects.filter(document__library__agency=agency)
    issued = issues.filter(became_current_at__gte=start, became_current_at__lt=end).aggregate(
        new=Count("pk", filter=Q(edition=1, amendment=0)),
        total=Count("pk"),
    )
    current_at_year_end = (
        issues.filter(became_current_at__lt=end)
        .filter(Q(superseded_at__isnull=True) | Q(superseded_at__gte=end))
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end))
        .values("document")
        .distinct()
        .count()
    )
    withdrawn = ControlledDocumentPage.objects.filter(
        library__agency=agency, withdrawn_at__gte=start, withdrawn_at__lt=end
    ).count()

    change_requests = ChangeRequest.objects.filter(agency=agency).aggregate(
        raised=Count("pk", filter=Q(raised_at__gte=start, raised_at__lt=end)),
        closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
    )
    periodic_reviews = PeriodicReview.objects.filter(document__library__agency=agency, reviewed_on__year=year).count()

    audits = [
        {
            "number": a.number,
            "title": a.title,
            "planned_start": a.planned_start.isoformat(),
            "planned_end": a.planned_end.isoformat(),
            "started_on": a.started_on.isoformat() if a.started_on else None,
            "reported_on": a.reported_on.isoformat() if a.reported_on else None,
            "status": a.status,
            "findings": a.finding_count,
        }
        for a in Audit.objects.filter(programme__agency=agency, programme__year=year)
        .annotate(finding_count=Count("findings"))
        .order_by("sequence")
    ]
    by_kind = dict(
        Finding.objects.filter(audit__programme__agency=agency, audit__programme__year=year)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    findings = {kind: by_kind.get(kind, 0) for kind in FINDING_KINDS}
    findings["total"] = sum(by_kind.values())

    actions = CorrectiveAction.objects.filter(agency=agency).aggregate(
        raised=Count("pk", filter=Q(raised_at__gte=start, raised_at__lt=end)),
        closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
        overdue=Count(
            "pk",
            filter=Q(status__in=CorrectiveAction.OPEN_STATUSES, due_date__lt=as_of, raised_at__lt=end),
        ),
    )

    auditors = [
        {"name": u.full_name or u.get_username(), "job_title": u.job_title, "department": u.department_name or ""}
        for u in auditors_of(agency)
    ]

    return {
        "agency": {"name": agency.agency_name, "superior_body": agency.superior_body, "code": agency.code},
        "year": year,
        "as_of": as_of.isoformat(),
        "documents": {
            "issued": issued["total"],
            "new": issued["new"],
            "revised": issued["total"] - issued["new"],
            "current_at_year_end": current_at_year_end,
            "withdrawn": withdrawn,
        },
        "change_requests": {"raised": change_requests["raised"], "closed": change_requests["closed"]},
        "periodic_reviews": periodic_reviews,
        "audits": audits,
        "findings": findings,
        "actions": actions,
        "auditors": auditors,
    }


def auditors_of(agency):
    """The active people holding the Internal auditor role in the agency: at home, or by a grant."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(agency=agency, groups__name=roles.INTERNAL_AUDITOR)
            | Q(role_grants__agency=agency, role_grants__role=roles.INTERNAL_AUDITOR)
        )
        .annotate(department_name=F("department__name"))
        .distinct()
        .order_by("full_name", "username")
    )
