"""Conditional requests on the staff reading page: a strong ETag, and the 304 answered before routing.

An issue never changes after it is created, but its reading page also shows
what does change: the issue's status (stamped superseded or withdrawn), the
amendment history and the change requests it closed, the periodic reviews,
the adoptions of a shared document, the reader's assignment and confirmation,
and around it the header (the person, their roles, their unread
notifications, their agency), the language, the CSRF token of the forms and
the date of the print stamp. The ETag is a hash of all of these, read in
**one** query of the latest history row of each kind of record (every record
here keeps its history, so a change of any of them is a new history id) plus
what the request already holds; it also names the page and the issue, so
:class:`ConditionalReadingMiddleware` can answer a revisit with 304 *before*
Wagtail routes the URL: the session, the person and that one query, no
template (the issue asks for a revisit at most 0.3x the bare page, and
routing alone costs more).

Django's ``condition`` decorator would only run after the routing; it is the
same idea (``django.utils.cache`` helpers do the matching here).

Wagtail's page permissions (``GroupPagePermission``), the groups' Django
permissions and the person's groups keep no history: the tag takes a count and
a weighted sum of their rows (:func:`rows_fingerprint`), so a row added,
removed or changed in place (which decides the "Distribution / reviews" and
"Administration" links) is a new tag at once, not on the next day.
"""

import hashlib
import re

from django.contrib.messages import get_messages
from django.http import HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import parse_etags

from qms.notifications import remember_unread_count

# Change when the reading page's templates change what they show.
VERSION = "1"
# What both tags hash of the person and the header (:func:`_person_columns`).
PERSON_FIELDS = (
    "v_notifications",
    "v_unread",
    "v_person",
    "v_grants",
    "v_agencies",
    "v_departments",
    "v_page_permissions",
    "v_group_permissions",
    "v_groups",
)
STATE_FIELDS = (
    "url_path",
    "live",
    "withdrawn_at",
    "v_issues",
    "v_change_requests",
    "v_reviews",
    "v_adoptions",
    "v_paper",
    "v_assignment",
    "v_acknowledgement",
    *PERSON_FIELDS,
    "v_heads",
)
TAG = re.compile(r'^"r1-(\d+)-(\d+)-[0-9a-f]{24}"$')


def rows_fingerprint(table, columns, where="1 = 1"):
    """A subquery that changes when a row of ``table`` is added, removed or changed in one of ``columns``
    (integer columns): the count and a sum weighted per column (for tables with no history)."""
    weighted = " + ".join(f"{column} * {weight}" for column, weight in zip(columns, (7, 31, 131, 1031), strict=False))
    return f"(SELECT COUNT(*) * 1000003 + COALESCE(SUM({weighted}), 0) FROM {table} WHERE {where})"  # noqa: S608


def _latest(model, *columns):
    """A subquery of the latest history id of ``model``'s rows where each of ``columns`` is a parameter."""
    table = model.history.model._meta.db_table
    where = " AND ".join(f"{column} = %s" for column in columns) or "1 = 1"
    return f"(SELECT MAX(history_id) FROM {table} WHERE {where})"  # noqa: S608 - names from the models


def _person_columns():
    """The subqueries of :data:`PERSON_FIELDS`: the person's notifications and unread count, the person,
    their role grants, the agencies, the departments, the page and group permissions, the person's
    groups. Five parameters, each the person's id."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    from qms.models import Agency, Department, Notification, RoleGrant, User

    notifications = Notification._meta.db_table
    return [
        _latest(Notification, "recipient_id"),
        f"(SELECT COUNT(*) FROM {notifications} WHERE recipient_id = %s AND read_at IS NULL)",  # noqa: S608
        _latest(User, "id"),
        _latest(RoleGrant, "user_id"),
        _latest(Agency),
        _latest(Department),
        rows_fingerprint(GroupPagePermission._meta.db_table, ("id", "group_id", "page_id", "permission_id")),
        rows_fingerprint(Group.permissions.through._meta.db_table, ("id", "group_id", "permission_id")),
        rows_fingerprint(User.groups.through._meta.db_table, ("id", "group_id"), where="user_id = %s"),
    ]


def _digest(request, state, fields):
    """The hash of ``fields`` of the state with the page's address, the person, the language, the CSRF
    token and the day."""
    parts = (
        VERSION,
        request.get_full_path(),
        request.user.pk,
        translation.get_language(),
        request.META.get("CSRF_COOKIE", ""),
        timezone.localdate().isoformat(),
        *(state[name] for name in fields),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def _state_sql():
    """The one query of :func:`document_state`, written once (the ORM took longer to build its ten
    subqueries than the database took to run them); every value is a bound parameter."""
    from wagtail.models import Page

    from procedures.models import (
        Acknowledgement,
        Adoption,
        ChangeRequest,
        ControlledDocumentPage,
        Issue,
        LegacyRecord,
        PeriodicReview,
        ReadingAssignment,
    )
    from qms.models import Department

    page, document = Page._meta.db_table, ControlledDocumentPage._meta.db_table
    columns = [
        "p.url_path",
        "p.live",
        "d.withdrawn_at",
        _latest(Issue, "document_id"),
        _latest(ChangeRequest, "document_id"),
        _latest(PeriodicReview, "document_id"),
        _latest(Adoption, "document_id"),
        _latest(LegacyRecord, "document_id"),
        _latest(ReadingAssignment, "issue_id", "user_id"),
        f"(SELECT MAX(id) FROM {Acknowledgement._meta.db_table} WHERE issue_id = %s AND user_id = %s)",  # noqa: S608
        *_person_columns(),
        f"(SELECT COUNT(*) FROM {Department._meta.db_table} WHERE head_id = %s)",  # noqa: S608
    ]
    return f"SELECT {', '.join(columns)} FROM {page} p JOIN {document} d ON d.page_ptr_id = p.id WHERE p.id = %s"  # noqa: S608


_STATE_SQL = []


def document_state(user, page_id, issue_id):
    """What the reading page of this issue shows that can change, in one query; None if no such page."""
    from django.db import connection

    if not _STATE_SQL:
        _STATE_SQL.append(_state_sql())
    params = [page_id] * 5 + [issue_id, user.pk, issue_id, user.pk] + [user.pk] * 6 + [page_id]
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL[0], params)
        row = cursor.fetchone()
    return None if row is None else dict(zip(STATE_FIELDS, row, strict=True))


def document_etag(request, page_id, issue_id):
    """The strong ETag of the reading page of this issue for this person, language and day; None if none."""
    return etag_and_state(request, page_id, issue_id)[0]


def etag_and_state(request, page_id, issue_id):
    """(ETag, the state it hashes) of the reading page; (None, None) if there is no such page.

    The view uses the state too: a kind of record with no history row for the document (no
    change request, no review, no reading assignment) needs no query of its own.
    """
    user = request.user
    if not user.is_authenticated:
        return None, None
    state = document_state(user, page_id, issue_id)
    if state is None:
        return None, None
    # The header's unread count comes with it (qms.notifications.unread_count): no query of its own.
    remember_unread_count(user, state["v_unread"] or 0)
    return f'"r1-{page_id}-{issue_id}-{_digest(request, state, STATE_FIELDS)}"', state


def revalidated_privately(response, etag):
    """The browser keeps the answer but asks again every time (qms.middleware.PrivatePagesMiddleware)."""
    response["ETag"] = etag
    response.private_revalidation = True
    return response


class ConditionalReadingMiddleware:
    """Answer 304 to a revisit of a reading page whose ETag still holds, before routing.

    Only for a signed-in person's GET/HEAD carrying one of our tags, and never
    while a message waits to be shown (a 304 would not show it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.not_modified(request) or self.get_response(request)

    @staticmethod
    def not_modified(request):
        if request.method not in ("GET", "HEAD"):
            return None
        header = request.META.get("HTTP_IF_NONE_MATCH")
        if not header:
            return None
        ours = [tag for tag in parse_etags(header) if TAG.match(tag)]
        if len(ours) != 1 or not request.user.is_authenticated or len(get_messages(request)):
            return None
        found = TAG.match(ours[0])
        etag = document_etag(request, int(found[1]), int(found[2]))
        if etag != ours[0]:
            return None
        return revalidated_privately(HttpResponseNotModified(), etag)


# Search results (procedures.portal.home.search) -----------------------------------------------------

SEARCH_FIELDS = ("v_issues", "v_entries", "v_pages", "v_adoptions", "v_document_types", *PERSON_FIELDS)
SEARCH_TAG = re.compile(r'^"s1-[0-9a-f]{24}"$')


def _search_sql():
    """What a search result page shows that can change, in one query.

    The results are the search entries (which keep no history: a count and a weighted sum of their
    rows, with the issue each points to), the issues they show (any change of an issue, such as one
    becoming current or withdrawn, is a new history id), the pages' publication (Wagtail's log of
    page actions), the reader's agencies (person, role grants, agencies sharing their documents,
    adoptions), the filter lists (departments, document types) and the header.
    """
    from wagtail.models import PageLogEntry

    from procedures.models import Adoption, DocumentType, Issue, SearchEntry

    columns = [
        _latest(Issue),
        rows_fingerprint(SearchEntry._meta.db_table, ("id", "issue_id", "agency_id")),
        f"(SELECT MAX(id) FROM {PageLogEntry._meta.db_table})",  # noqa: S608
        _latest(Adoption),
        _latest(DocumentType),
        *_person_columns(),
    ]
    return f"SELECT {', '.join(columns)}"


_SEARCH_SQL = []


def search_etag(request):
    """The strong ETag of a search result page for this person, query string, language and day
    (None for a visitor); reads the header's unread count on the way (no query of its own)."""
    from django.db import connection

    user = request.user
    if not user.is_authenticated:
        return None
    if not _SEARCH_SQL:
        _SEARCH_SQL.append(_search_sql())
    with connection.cursor() as cursor:
        cursor.execute(_SEARCH_SQL[0], [user.pk] * 5)
        state = dict(zip(SEARCH_FIELDS, cursor.fetchone(), strict=True))
    remember_unread_count(user, state["v_unread"] or 0)
    return f'"s1-{_digest(request, state, SEARCH_FIELDS)}"'


def not_modified_search(request, etag):
    """A 304 for a revisit carrying this very tag (never while a message waits to be shown), else None."""
    if request.method not in ("GET", "HEAD") or etag is None or len(get_messages(request)):
        return None
    if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        return revalidated_privately(HttpResponseNotModified(), etag)
    return None
