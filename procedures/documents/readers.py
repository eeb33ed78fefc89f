"""Whose documents a person reads: their agency's, and the province's shared ones.

A person reads the current documents of their own agency, of the agencies
where they hold a role (grants), and of the agencies that share their
documents province-wide (``Agency.shares_documents``). The overseer and
superusers read every agency's. Past issues stay with the roles that read
them, in the agencies where those roles are held
(:func:`qms.roles.reads_past_issues`). Every portal list filters with
:func:`agency_condition`; every page of the library asks :func:`may_read`
(one query) before answering, and answers 404 when it may not.
"""

from django.db.models import Q

from qms import roles
from qms.models import Agency

ALL = roles.ALL


def readable_agencies(user, writing=False):
    """ALL, or the ids of the agencies whose documents the user reads besides the shared ones.

    ``writing``: those the user may also act on (raise a change request …): the overseer's
    province-wide reading gives no right to write.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    held_roles = [role for role in roles.ROLE_LABELS if not (writing and role in roles.PROVINCE_WIDE)]
    held = roles.agencies_with_role(user, *held_roles)
    if held == ALL:
        return ALL
    return held | {user.agency_id} if user.agency_id else held


def agency_condition(user, agency_path, writing=False):
    """A Q of the rows whose agency (reached by ``agency_path``) the user reads; Q() for every agency."""
    return agencies_condition(readable_agencies(user, writing), agency_path)


def agencies_condition(agencies, agency_path):
    """A Q of the rows of these agencies (ALL: of every agency) and of the agencies that share their documents.

    Also what an API client of one agency (or of the whole province) reads (api/access.py)."""
    if agencies == ALL:
        return Q()
    return Q(**{f"{agency_path}__in": sorted(agencies)}) | Q(**{f"{agency_path}__shares_documents": True})


def entry_condition(user):
    """A Q of the search entries (procedures.SearchEntry, which carry their agency) the user reads.

    One indexed column against one list: the shared agencies are read by a subquery rather than a
    join, so that a province's search starts from the reader's few agencies (see
    procedures.search.searching.postgres_matches)."""
    agencies = readable_agencies(user)
    if agencies == ALL:
        return Q()
    readable = Agency.objects.filter(Q(pk__in=sorted(agencies)) | Q(shares_documents=True)).values("pk")
    return Q(agency_id__in=readable)


def register_condition(user, agency_path="agency"):
    """A Q of an agency's register rows (external documents, record types) the user reads: those of their own
    agency and of the agencies where they hold a role; every agency's for the overseer. Registers are not shared."""
    return register_agencies_condition(readable_agencies(user), agency_path)


def register_agencies_condition(agencies, agency_path="agency"):
    """A Q of the register rows of these agencies (ALL: of every agency); registers are not shared."""
    if agencies == ALL:
        return Q()
    return Q(**{f"{agency_path}__in": sorted(agencies)})


def document_condition(user, document_path="document", writing=False):
    """A Q of the rows whose controlled document (reached by ``document_path``, "" for the page) the user reads
    (``writing``: and may act on)."""
    prefix = f"{document_path}__" if document_path else ""
    return agency_condition(user, f"{prefix}library__agency", writing)


def library_path(page):
    """The tree path of the library a library, section or document page belongs to."""
    from procedures.models import ControlledDocumentPage, SectionPage

    page = page.specific_deferred if type(page).__name__ == "Page" else page
    if isinstance(page, ControlledDocumentPage):
        return page.path[: -2 * page.steplen]
    if isinstance(page, SectionPage):
        return page.path[: -page.steplen]
    return page.path


def page_agency(page):
    """(agency id, shares its documents) of the library page, section or document: one query, remembered."""
    found = page.__dict__.get("_reader_agency")
    if found is None:
        row = Agency.objects.filter(library__path=library_path(page)).values_list("pk", "shares_documents").first()
        found = row or (None, False)
        page.__dict__["_reader_agency"] = found
    return found


def remember_page_agency(page, agency_id, shared):
    """What :func:`page_agency` would read, when a query of the caller's already read it."""
    page.__dict__["_reader_agency"] = (agency_id, bool(shared))


def may_read(user, page):
    """Whether the user may read this page of a library (its current documents)."""
    agency_id, shared = page_agency(page)
    agencies = readable_agencies(user)
    if agencies == ALL:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return shared or (agency_id is not None and agency_id in agencies)


def reads_past_issues(user, page):
    """Whether the user may open this document's superseded and withdrawn issues: a role in its agency."""
    agency_id, _shared = page_agency(page)
    if agency_id is None:
        return bool(getattr(user, "is_superuser", False))
    return roles.reads_past_issues(user, agency=agency_id)
