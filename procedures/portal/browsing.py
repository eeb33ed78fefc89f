"""The staff portal's front page: the library by department and by document
type, and what was issued recently. Current issues only, in a fixed number of
queries whatever the size of the library."""

from django.db.models import Count

from procedures.models import Issue
from procedures.search.searching import current_entries

RECENT_COUNT = 8


def departments_with_documents():
    return list(
        current_entries()
        .filter(owner_department__isnull=False)
        .values("owner_department_id", "owner_department__name")
        .annotate(count=Count("pk"))
        .order_by("owner_department__name")
    )


def types_with_documents():
    return list(
        current_entries()
        .filter(document_type__isnull=False)
        .values("document_type_id", "document_type__name")
        .annotate(count=Count("pk"))
        .order_by("document_type__name")
    )


def recently_issued(limit=RECENT_COUNT):
    """The issues that became current most recently, newest first."""
    return list(
        Issue.objects.current()
        .filter(document__live=True)  # a join, shared with select_related: not IN (subquery)
        .select_related("document")
        .only(
            "code",
            "title",
            "edition",
            "amendment",
            "effective_date",
            "became_current_at",
            "change_summary",
            "document__url_path",
        )
        .order_by("-became_current_at", "-pk")[:limit]
    )


def library_overview():
    return {
        "departments": departments_with_documents(),
        "document_types": types_with_documents(),
        "recent_issues": recently_issued(),
    }
