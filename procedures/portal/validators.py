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

On a first visit the reading page reads that state with the document's issues
(:func:`document_issues_with_state`), in the same query as what its header and
rights ask of the reader (their groups, role grants, permissions, headed
departments, agency) and their assignment and confirmation of each issue: the
page then costs fewer queries than a bare Wagtail page with the same header.

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

from qms import prepared
from qms.notifications import remember_unread_count

# Change when the reading page's templates change what they show.
VERSION = "1"
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
    "v_notifications",
    "v_unread",
    "v_person",
    "v_grants",
    "v_agencies",
    "v_departments",
    "v_page_permissions",
    "v_group_permissions",
    "v_groups",
    "v_heads",
)
TAG = re.compile(r'^"r1-(\d+)-(\d+)-[0-9a-f]{24}"$')


def rows_fingerprint(table, columns, where="1 = 1"):
    """A subquery that changes when a row of ``table`` is added, removed or changed in one of ``columns``
    (integer columns): the count and a sum weighted per column (for tables with no history)."""
    weighted = " + ".join(f"{column} * {weight}" for column, weight in zip(columns, (7, 31, 131, 1031), strict=False))
    return f"(SELECT COUNT(*) * 1000003 + COALESCE(SUM({weighted}), 0) FROM {table} WHERE {where})"  # noqa: S608


def _state_columns(issue):
    """The columns of :data:`STATE_FIELDS`, in order: SQL over the page ``p`` and the document ``d``,
    ``issue`` being the SQL of the issue's id (a parameter, or a column of a query of issues). Every
    value is a named parameter: %(page)s, %(user)s (and %(issue)s when ``issue`` says so)."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    from procedures.models import (
        Acknowledgement,
        Adoption,
        ChangeRequest,
        Issue,
        LegacyRecord,
        PeriodicReview,
        ReadingAssignment,
    )
    from qms.models import Agency, Department, Notification, RoleGrant, User

    def latest(model, **columns):
        table = model.history.model._meta.db_table
        where = " AND ".join(f"{column} = {value}" for column, value in columns.items()) or "1 = 1"
        return f"(SELECT MAX(history_id) FROM {table} WHERE {where})"  # noqa: S608 - names from the models

    page, user = "%(page)s", "%(user)s"
    notifications = Notification._meta.db_table
    return [
        "p.url_path",
        "p.live",
        "d.withdrawn_at",
        latest(Issue, document_id=page),
        latest(ChangeRequest, document_id=page),
        latest(PeriodicReview, document_id=page),
        latest(Adoption, document_id=page),
        latest(LegacyRecord, document_id=page),
        latest(ReadingAssignment, issue_id=issue, user_id=user),
        f"(SELECT MAX(id) FROM {Acknowledgement._meta.db_table} WHERE issue_id = {issue} AND user_id = {user})",  # noqa: S608
        latest(Notification, recipient_id=user),
        f"(SELECT COUNT(*) FROM {notifications} WHERE recipient_id = {user} AND read_at IS NULL)",  # noqa: S608
        latest(User, id=user),
        latest(RoleGrant, user_id=user),
        latest(Agency),
        latest(Department),
        rows_fingerprint(GroupPagePermission._meta.db_table, ("id", "group_id", "page_id", "permission_id")),
        rows_fingerprint(Group.permissions.through._meta.db_table, ("id", "group_id", "permission_id")),
        rows_fingerprint(User.groups.through._meta.db_table, ("id", "group_id"), where=f"user_id = {user}"),
        f"(SELECT COUNT(*) FROM {Department._meta.db_table} WHERE head_id = {user})",  # noqa: S608
    ]


def _state_sql():
    """The one query of :func:`document_state`, written once (the ORM took longer to build its ten
    subqueries than the database took to run them); every value is a bound parameter."""
    from wagtail.models import Page

    from procedures.models import ControlledDocumentPage

    page, document = Page._meta.db_table, ControlledDocumentPage._meta.db_table
    columns = ", ".join(_state_columns("%(issue)s"))
    return f"SELECT {columns} FROM {page} p JOIN {document} d ON d.page_ptr_id = p.id WHERE p.id = %(page)s"  # noqa: S608


STATE_PREFIX = "state_"
PERSON_PREFIX = "person_"
JOINED_PREFIX = "joined_"
PERSON_FIELDS = ("groups", "grants", "heads", "group_permissions", "user_permissions")


def _json_list(value, rest):
    """A subquery giving a JSON list (as text) of ``value`` over ``SELECT ... rest``; '[]' for no row."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"(SELECT COALESCE(json_agg({value}), '[]'::json)::text {rest})"
    return f"(SELECT json_group_array({value}) {rest})"


def _person_columns():
    """What the header and the page's rights ask of the reader, read with the page's issues instead of
    by queries of their own: their groups' names and role grants (qms.roles), the departments they head
    (qms.scope) and their permissions (as ModelBackend and qms.backends.AgencyRoleBackend read them).
    Read in the request's transaction like everything else: nothing kept, nothing to invalidate."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from qms.models import Department, RoleGrant, User

    pair = "json_build_array" if connection.vendor == "postgresql" else "json_array"
    members = User.groups.through._meta.db_table
    groups = Group._meta.db_table

    def permissions(ids):
        # As django.contrib.auth's ModelBackend names them: "app_label.codename".
        return _json_list(
            "ct.app_label || '.' || pm.codename",
            f"FROM {Permission._meta.db_table} pm JOIN {ContentType._meta.db_table} ct ON ct.id = pm.content_type_id "
            f"WHERE pm.id IN ({ids})",
        )

    return {
        # qms.backends.AgencyRoleBackend: the permissions of the person's groups and of the role groups
        # of their grants in other agencies; ModelBackend: their own.
        "group_permissions": permissions(
            f"SELECT gp.permission_id FROM {Group.permissions.through._meta.db_table} gp "  # noqa: S608
            f"WHERE gp.group_id IN (SELECT ug.group_id FROM {members} ug WHERE ug.user_id = %(user)s) "
            f"OR gp.group_id IN (SELECT rg.id FROM {groups} rg WHERE rg.name IN "
            f"(SELECT r.role FROM {RoleGrant._meta.db_table} r WHERE r.user_id = %(user)s))"
        ),
        "user_permissions": permissions(
            f"SELECT up.permission_id FROM {User.user_permissions.through._meta.db_table} up "  # noqa: S608
            "WHERE up.user_id = %(user)s"
        ),
        "groups": _json_list(
            "g.name",
            f"FROM {members} ug JOIN {groups} g ON g.id = ug.group_id WHERE ug.user_id = %(user)s",
        ),
        "grants": _json_list(
            f"{pair}(r.role, r.agency_id)", f"FROM {RoleGrant._meta.db_table} r WHERE r.user_id = %(user)s"
        ),
        "heads": _json_list("h.id", f"FROM {Department._meta.db_table} h WHERE h.head_id = %(user)s"),
    }


def _joined_rows():
    """{name: (model, alias)}: rows the query of the page's issues joins whole, each read back as an
    instance (:func:`_joined_instance`): the reader's agency (the header's, qms.agency_context) and, on
    each issue, the reader's assignment and confirmation (procedures.control.acknowledging.reading_state)."""
    from procedures.models import Acknowledgement, ReadingAssignment
    from qms.models import Agency

    return {
        "reader_agency": (Agency, "ua"),
        "assignment": (ReadingAssignment, "ra"),
        "confirmation": (Acknowledgement, "ak"),
    }


_CONVERTERS = {}


def _joined_instance(model, alias, values):
    """The instance of ``model`` whose columns the raw query read (converted as the ORM converts them);
    None when its LEFT JOIN found no row."""
    from django.db import connection

    fields = model._meta.concrete_fields
    if values[[field.primary_key for field in fields].index(True)] is None:
        return None
    if (model, alias) not in _CONVERTERS:
        columns = [field.get_col(alias) for field in fields]
        _CONVERTERS[model, alias] = [
            (column, connection.ops.get_db_converters(column) + column.get_db_converters(connection))
            for column in columns
        ]
    converted = []
    for value, (column, converters) in zip(values, _CONVERTERS[model, alias], strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [field.attname for field in fields], converted)


def _issues_sql():
    """The issues of a document (without the body), with the agency of its library and, on each issue,
    the page's state for that issue (:data:`STATE_FIELDS`, each column named with STATE_PREFIX), the
    reader's assignment and confirmation, and what the header asks of the reader (:func:`_person_columns`,
    their agency): the reading page's issues, its ETag, the reader's state and the header in one query
    (:func:`document_issues_with_state`)."""
    from django.db import connection
    from wagtail.models import Page

    from procedures.models import ControlledDocumentPage, Issue, LibraryPage
    from qms.models import Agency

    quote = connection.ops.quote_name
    fields = [f"i.{quote(f.column)}" for f in Issue._meta.concrete_fields if f.name != "body_html"]
    state = [
        f"{column} AS {STATE_PREFIX}{name}" for column, name in zip(_state_columns("i.id"), STATE_FIELDS, strict=True)
    ]
    person = [f"{column} AS {PERSON_PREFIX}{name}" for name, column in _person_columns().items()]
    joined = [
        f"{alias}.{quote(field.column)} AS {JOINED_PREFIX}{name}_{field.column}"
        for name, (model, alias) in _joined_rows().items()
        for field in model._meta.concrete_fields
    ]
    rows = {name: model._meta.db_table for name, (model, _alias) in _joined_rows().items()}
    page, document = Page._meta.db_table, ControlledDocumentPage._meta.db_table
    library, agencies = LibraryPage._meta.db_table, Agency._meta.db_table
    return (
        f"SELECT {', '.join(fields)}, lib.agency_id AS library_agency, a.shares_documents AS library_shared, "  # noqa: S608
        f"lp.path AS library_path, {', '.join(state + person + joined)} "
        f"FROM {Issue._meta.db_table} i JOIN {page} p ON p.id = i.document_id "
        f"JOIN {document} d ON d.page_ptr_id = i.document_id "
        f"LEFT JOIN {library} lib ON lib.page_ptr_id = d.library_id "
        f"LEFT JOIN {page} lp ON lp.id = d.library_id "
        f"LEFT JOIN {agencies} a ON a.id = lib.agency_id "
        f"LEFT JOIN {rows['reader_agency']} ua ON ua.id = %(agency)s "
        # One of each per issue and person (unique constraints).
        f"LEFT JOIN {rows['assignment']} ra ON ra.issue_id = i.id AND ra.user_id = %(user)s "
        f"LEFT JOIN {rows['confirmation']} ak ON ak.issue_id = i.id AND ak.user_id = %(user)s "
        "WHERE i.document_id = %(page)s ORDER BY i.edition, i.amendment"
    )


_STATE_SQL = []
_ISSUES_SQL = []


def document_state(user, page_id, issue_id):
    """What the reading page of this issue shows that can change, in one query; None if no such page."""
    from django.db import connection

    if not _STATE_SQL:
        _STATE_SQL.append(_state_sql())
    sql, params = prepared.statement(
        connection, "qms_reading_state", _STATE_SQL[0], {"page": page_id, "issue": issue_id, "user": user.pk}
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else dict(zip(STATE_FIELDS, row, strict=True))


def document_issues_with_state(page_id, user):
    """Every issue of the document (without its body), ordered by edition and amendment, each with
    ``library_agency``, ``library_shared`` and ``library_path`` (the document's library) and, for a
    signed-in person, ``reading_state`` (what :func:`document_state` reads for that issue) and
    ``reading`` (their assignment and confirmation of it, each None if none). The reader's groups, role
    grants, headed departments, permissions and agency come with it (remembered on the user). One query."""
    from django.db import connection

    from procedures.models import Issue

    if not _ISSUES_SQL:
        _ISSUES_SQL.append(_issues_sql())
    signed_in = getattr(user, "is_authenticated", False)
    params = {"page": page_id, "user": user.pk if signed_in else None, "agency": user.agency_id if signed_in else None}
    issues = list(Issue.objects.raw(*prepared.statement(connection, "qms_reading_issues", _ISSUES_SQL[0], params)))
    joined_rows = _joined_rows()
    columns_of = {
        name: [f"{JOINED_PREFIX}{name}_{field.column}" for field in model._meta.concrete_fields]
        for name, (model, _alias) in joined_rows.items()
    }
    for issue in issues:
        columns = issue.__dict__
        state = {name: columns.pop(STATE_PREFIX + name) for name in STATE_FIELDS}
        person = {name: columns.pop(PERSON_PREFIX + name) for name in PERSON_FIELDS}
        joined = {name: [columns.pop(column) for column in columns_of[name]] for name in joined_rows}
        if signed_in:
            issue.reading_state = state
            issue.reading = tuple(
                _joined_instance(*joined_rows[name], joined[name]) for name in ("assignment", "confirmation")
            )
    if issues and signed_in:
        _remember_person(user, person, _joined_instance(*joined_rows["reader_agency"], joined["reader_agency"]))
    return issues


def _remember_person(user, person, agency):
    """Give the user object what qms.roles, qms.scope, the permission checks and the header would
    otherwise query."""
    import json

    from qms import roles, scope
    from qms.models import User

    user = getattr(user, "_wrapped", user)  # request.user is a lazy object: the attributes go on the person
    roles.forget_roles(user)
    roles.remember_roles(user, json.loads(person["groups"]), [tuple(grant) for grant in json.loads(person["grants"])])
    scope.headed_departments(user, headed=json.loads(person["heads"]))
    if user.is_active and not user.is_superuser:
        # What ModelBackend._get_permissions keeps on the user (a superuser's are all of them: not read here).
        user._user_perm_cache = set(json.loads(person["user_permissions"]))
        user._group_perm_cache = set(json.loads(person["group_permissions"]))
        user.__dict__.pop("_perm_cache", None)
    if agency is not None and agency.pk == user.agency_id:
        User._meta.get_field("agency").set_cached_value(user, agency)


def document_etag(request, page_id, issue_id):
    """The strong ETag of the reading page of this issue for this person, language and day; None if none."""
    return etag_and_state(request, page_id, issue_id)[0]


def etag_and_state(request, page_id, issue_id, state=None):
    """(ETag, the state it hashes) of the reading page; (None, None) if there is no such page.

    ``state``: the issue's state if already read (:func:`document_issues_with_state`), else one query.
    The view uses the state too: a kind of record with no history row for the document (no
    change request, no review, no reading assignment) needs no query of its own.
    """
    user = request.user
    if not user.is_authenticated:
        return None, None
    if state is None:
        state = document_state(user, page_id, issue_id)
    if state is None:
        return None, None
    # The header's unread count comes with it (qms.notifications.unread_count): no query of its own.
    remember_unread_count(user, state["v_unread"] or 0)
    parts = (
        VERSION,
        request.get_full_path(),
        user.pk,
        translation.get_language(),
        request.META.get("CSRF_COOKIE", ""),
        timezone.localdate().isoformat(),
        *(state[name] for name in STATE_FIELDS),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    return f'"r1-{page_id}-{issue_id}-{digest}"', state


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

SEARCH_FIELDS = (
    "v_issues",
    "v_entries",
    "v_pages",
    "v_adoptions",
    "v_document_types",
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
SEARCH_TAG = re.compile(r'^"s1-[0-9a-f]{24}"$')


def _search_sql():
    """What a search result page shows that can change, in one query.

    The results are the search entries (which keep no history: a count and a weighted sum of their
    rows, with the issue each points to), the issues they show (any change of an issue, such as one
    becoming current or withdrawn, is a new history id), the pages' publication (Wagtail's log of
    page actions), the reader's agencies (person, role grants, agencies sharing their documents,
    adoptions), the filter lists (departments, document types) and the header.
    """
    from django.contrib.auth.models import Group
    from django.db import connection
    from wagtail.models import GroupPagePermission, PageLogEntry

    from procedures.models import Adoption, DocumentType, Issue, SearchEntry
    from qms.models import Agency, Department, Notification, RoleGrant, User

    def latest(model, *columns):
        table = model.history.model._meta.db_table
        where = " AND ".join(f"{column} = %(user)s" for column in columns) or "1 = 1"
        return f"(SELECT MAX(history_id) FROM {table} WHERE {where})"  # noqa: S608 - names from the models

    notifications = Notification._meta.db_table
    columns = [
        latest(Issue),
        rows_fingerprint(SearchEntry._meta.db_table, ("id", "issue_id", "agency_id")),
        f"(SELECT MAX(id) FROM {PageLogEntry._meta.db_table})",  # noqa: S608
        latest(Adoption),
        latest(DocumentType),
        latest(Notification, "recipient_id"),
        f"(SELECT COUNT(*) FROM {notifications} WHERE recipient_id = %(user)s AND read_at IS NULL)",  # noqa: S608
        latest(User, "id"),
        latest(RoleGrant, "user_id"),
        latest(Agency),
        latest(Department),
        rows_fingerprint(GroupPagePermission._meta.db_table, ("id", "group_id", "page_id", "permission_id")),
        rows_fingerprint(Group.permissions.through._meta.db_table, ("id", "group_id", "permission_id")),
        rows_fingerprint(User.groups.through._meta.db_table, ("id", "group_id"), where="user_id = %(user)s"),
    ]
    # What the header and the reader's agencies ask of the person comes with it (as on the reading page).
    person = _person_columns()
    columns += [person[name] for name in PERSON_FIELDS]
    columns += [f"ua.{connection.ops.quote_name(field.column)}" for field in Agency._meta.concrete_fields]
    return (
        f"SELECT {', '.join(columns)} FROM (SELECT 1 AS one) one "  # noqa: S608
        f"LEFT JOIN {Agency._meta.db_table} ua ON ua.id = %(agency)s"
    )


_SEARCH_SQL = []


def search_etag(request):
    """The strong ETag of a search result page for this person, query string, language and day
    (None for a visitor); reads on the way what the header and the reader's agencies ask of the person
    (unread count, groups, role grants, permissions, agency: no query of their own)."""
    from django.db import connection

    user = request.user
    if not user.is_authenticated:
        return None
    if not _SEARCH_SQL:
        _SEARCH_SQL.append(_search_sql())
    sql, params = prepared.statement(
        connection, "qms_search_state", _SEARCH_SQL[0], {"user": user.pk, "agency": user.agency_id}
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    ends = len(SEARCH_FIELDS), len(SEARCH_FIELDS) + len(PERSON_FIELDS)
    state = dict(zip(SEARCH_FIELDS, row[: ends[0]], strict=True))
    person = dict(zip(PERSON_FIELDS, row[ends[0] : ends[1]], strict=True))
    agency_model, alias = _joined_rows()["reader_agency"]
    _remember_person(user, person, _joined_instance(agency_model, alias, row[ends[1] :]))
    remember_unread_count(user, state["v_unread"] or 0)
    parts = (
        VERSION,
        request.get_full_path(),
        user.pk,
        translation.get_language(),
        request.META.get("CSRF_COOKIE", ""),
        timezone.localdate().isoformat(),
        *(state[name] for name in SEARCH_FIELDS),
    )
    return f'"s1-{hashlib.sha256(repr(parts).encode()).hexdigest()[:24]}"'


def not_modified_search(request, etag):
    """A 304 for a revisit carrying this very tag (never while a message waits to be shown), else None."""
    if request.method not in ("GET", "HEAD") or etag is None or len(get_messages(request)):
        return None
    if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        return revalidated_privately(HttpResponseNotModified(), etag)
    return None
