"""The staff portal's front page: the library by department and by document
type, and what was issued recently. Current issues only, of the agencies the
reader reads (procedures.documents.readers), in a fixed number of queries
whatever the size of the library."""

from django.db.models import Count

from procedures.documents import readers
from procedures.models import Issue
from procedures.search.searching import current_entries

RECENT_COUNT = 8


def readable_entries(user, agency_id=None):
    """Current entries of the documents the user reads (of one agency's library if given)."""
    entries = current_entries().filter(readers.document_condition(user))
    return entries.filter(document__library__agency=agency_id) if agency_id is not None else entries


def departments_with_documents(user, agency_id=None):
    return list(
        readable_entries(user, agency_id)
        .filter(owner_department__isnull=False)
        .values("owner_department_id", "owner_department__name")
        .annotate(count=Count("pk"))
        .order_by("owner_department__name")
    )


def types_with_documents(user, agency_id=None):
    return list(
        readable_entries(user, agency_id)
        .filter(document_type__isnull=False)
        .values("document_type_id", "document_type__name")
        .annotate(count=Count("pk"))
        .order_by("document_type__name")
    )


def recently_issued(user, agency_id=None, limit=RECENT_COUNT):
    """The issues the user reads that became current most recently, newest first."""
    issues = Issue.objects.current().filter(readers.document_condition(user))
    if agency_id is not None:
        issues = issues.filter(document__library__agency=agency_id)
    return list(
        issues.filter(document__live=True)  # a join, shared with select_related: not IN (subquery)
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


def library_overview(user, agency_id=None):
    """The front page's lists: of every agency the user reads, or of one agency's library."""
    return {
        "departments": departments_with_documents(user, agency_id),
        "document_types": types_with_documents(user, agency_id),
        "recent_issues": recently_issued(user, agency_id),
    }
