"""What readers see: the current issue's frozen body, never a draft.

Staff get the current issue or nothing (404); an old issue's address takes
them to the current one. The ISO secretary, approvers
and auditors can also open superseded and withdrawn issues, stamped, and
compare any two issues.
"""

from django.contrib import messages
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from procedures.documents import readers
from procedures.documents.text import diff_rows
from procedures.models import ControlledDocumentPage, Issue, IssueStatus, LegacyRecord, SectionPage
from qms import scope


def issue_context(issue, issues=None, state=None):
    """Everything a reader's page needs, in a fixed number of queries.

    ``issues``: the document's issues if already loaded; ``state``: the page's validator state
    (procedures.portal.validators), which tells when no change request was ever raised.
    """
    if issues is None:
        issues = Issue.objects.filter(document_id=issue.document_id).defer("body_html")
    history = sorted((i for i in issues if i.became_current_at), key=lambda i: (i.edition, i.amendment))
    from procedures.control.reading import attach_change_requests

    attach_change_requests(history, none_raised=state is not None and state["v_change_requests"] is None)
    return {
        "issue": issue,
        "history": history,
        # The paper original, when the document has one (the page's state says when it has none).
        "paper": None
        if state is not None and state["v_paper"] is None
        else LegacyRecord.objects.filter(document_id=issue.document_id).first(),
    }


def readable_or_404(request, page):
    """Another agency's page is not found (not forbidden): its title is nobody else's business."""
    if not readers.may_read(request.user, page):
        raise Http404


def document_issues(page, user=None):
    """Every issue of the document (without the body: it comes rendered, procedures.portal.frozen),
    with the reader's agency of its library and, for a signed-in ``user``, the page's validator
    state of each issue and the user's assignment and confirmation of it
    (procedures.portal.validators.document_issues_with_state): one query."""
    from procedures.portal.validators import document_issues_with_state

    issues = document_issues_with_state(page.pk, user)
    # The library is the page's ancestor in the tree (readers.page_agency's rule): trusted only if it is.
    if issues and issues[0].library_path == readers.library_path(page):
        readers.remember_page_agency(page, issues[0].library_agency, issues[0].library_shared)
    return issues


def serve_current_issue(request, page):
    issues = document_issues(page, request.user)
    readable_or_404(request, page)
    issue = next((i for i in issues if i.status == IssueStatus.CURRENT), None)
    # Served at the page's own route: its URL is the one asked for (no site-root lookup).
    page_url = request.path
    if issue is None:
        if readers.reads_past_issues(request.user, page) and issues:
            # A withdrawn document shows its last issue, a first issue not yet in
            # effect shows itself: both stamped as such.
            return render_issue(request, page, issues[-1], issues, page_url)
        raise Http404
    return render_issue(request, page, issue, issues, page_url)


def serve_past_issue(request, page, edition, amendment):
    if not readers.reads_past_issues(request.user, page):
        # Staff read the current issue only. An old link (a notification, a
        # bookmark) to a document they may read leads to its current issue.
        readable_or_404(request, page)
        if page.current_issue is None:
            raise Http404
        messages.info(
            request,
            _("Edition %(edition)s, amendment %(amendment)s is no longer in force; this is the current issue.")
            % {"edition": edition, "amendment": amendment},
        )
        return redirect(page.url)
    issues = document_issues(page, request.user)
    issue = next((i for i in issues if (i.edition, i.amendment) == (edition, amendment)), None)
    if issue is None:
        raise Http404
    return render_issue(request, page, issue, issues)


def render_issue(request, page, issue, issues=None, page_url=None):
    from procedures.control.reading import control_context
    from procedures.portal import frozen, validators
    from procedures.portal.adoptions import adoption_context
    from procedures.portal.objectives import live_objectives

    # The forms' CSRF secret first: the tag names it. The tag's state came with the issues (the same
    # query gave the header's unread count, the reader's roles, rights and agency, and their assignment);
    # it tells which kinds of record the page need not ask for.
    get_token(request)
    etag, state = validators.etag_and_state(request, page.pk, issue.pk, getattr(issue, "reading_state", None))
    if state is not None and not state["v_heads"]:
        scope.headed_departments(request.user, headed=())  # heads no department: the scope asks no query
    control = control_context(request, page, issue, state)
    if control.pop("opened_now", False):
        etag, state = validators.etag_and_state(request, page.pk, issue.pk)  # the first opening is recorded
    body = frozen.frozen_body(issue)
    objectives = live_objectives(readers.page_agency(page)[0], body)
    if objectives:
        etag = None  # live figures: the browser never keeps them (no revalidation by the issue's state)
    context = {
        "page": page,
        "self": page,
        "page_url": page_url or page.get_url(request),
        "can_read_past": readers.reads_past_issues(request.user, page),
        "frozen_body": body,
        "live_objectives": objectives,
        **issue_context(issue, issues, state),
        **control,
        **adoption_context(request.user, page),
    }
    response = render(request, "procedures/controlled_document_page.html", context)
    return validators.revalidated_privately(response, etag) if etag else response


def serve_comparison(request, page):
    if not readers.reads_past_issues(request.user, page):
        raise Http404
    issues = list(page.issues.order_by("edition", "amendment"))
    by_label = {f"{i.edition}-{i.amendment}": i for i in issues}
    if len(issues) < 2:
        raise Http404
    left = by_label.get(request.GET.get("a")) or issues[-2]
    right = by_label.get(request.GET.get("b")) or issues[-1]
    return render(
        request,
        "procedures/compare.html",
        {
            "page": page,
            "issues": issues,
            "left": left,
            "right": right,
            "rows": diff_rows(left.body_html, right.body_html),
        },
    )


# The library page shows the first documents of each section (by code) and how
# many there are; a section page lists its documents a page at a time. Neither
# grows with the size of the library (5,000 documents would be a 1.4 MB page).
LIBRARY_PREVIEW = 10
SECTION_PAGE_SIZE = 50
READER_ISSUE_FIELDS = (
    "document_id",
    "code",
    "title",
    "edition",
    "amendment",
    "effective_date",
    "owner_department_name",
    "document_type_name",
)


def current_issues(queryset=None):
    """The current issues of the documents staff may read (live ones), ordered by code."""
    queryset = queryset if queryset is not None else ControlledDocumentPage.objects.live()
    return Issue.objects.current().filter(document__in=queryset).only(*READER_ISSUE_FIELDS).order_by("code", "pk")


# What a listing needs of each document page: its link ({% pageurl %}) and its place in the tree. The
# rest of a page row (its body's JSON above all) is not read: decoding it cost more than the listing.
LISTED_DOCUMENT_FIELDS = ("url_path", "path", "depth")


def with_documents(issues):
    """The documents of these issues, in the same order, each with its issue attached."""
    issues = list(issues)
    documents = ControlledDocumentPage.objects.only(*LISTED_DOCUMENT_FIELDS).in_bulk(
        [issue.document_id for issue in issues]
    )
    ordered = []
    for issue in issues:
        document = documents[issue.document_id]
        document.reader_issue = issue
        ordered.append(document)
    return ordered


def library_context(request, library):
    from django.db.models import Count, F, Window
    from django.db.models.functions import RowNumber, Substr

    readable_or_404(request, library)
    sections = list(SectionPage.objects.live().child_of(library).order_by("title"))
    issues = current_issues(ControlledDocumentPage.objects.live().descendant_of(library)).annotate(
        section_path=Substr("document__path", 1, (library.depth + 1) * SectionPage.steplen)
    )
    counts = dict(
        issues.order_by().values("section_path").annotate(count=Count("pk")).values_list("section_path", "count")
    )
    first = issues.annotate(
        rank=Window(RowNumber(), partition_by=F("section_path"), order_by=[F("code").asc(), F("pk").asc()])
    ).filter(rank__lte=LIBRARY_PREVIEW)
    by_section = {}
    for document in with_documents(first):
        by_section.setdefault(document.path[: (library.depth + 1) * SectionPage.steplen], []).append(document)
    for section in sections:
        section.reader_documents = by_section.get(section.path, [])
        section.reader_count = counts.get(section.path, 0)
    from procedures.portal.browsing import library_overview

    overview = library_overview(request.user, agency_id=library.agency_id)
    return {
        "page": library,
        "self": library,
        "sections": sections,
        "adopted_documents": adopted_documents(library),
        **overview,
    }


def adopted_documents(library):
    """The shared provincial documents the library's agency adopted, with their current issues (readable by all)."""
    from django.db.models import Exists, OuterRef

    from procedures.models import Adoption

    adopted = Adoption.objects.active().filter(document=OuterRef("pk"), agency_id=library.agency_id)
    documents = ControlledDocumentPage.objects.live().filter(Exists(adopted), library__agency__shares_documents=True)
    return with_documents(current_issues(documents))


def section_context(request, section):
    from django.core.paginator import Paginator

    readable_or_404(request, section)
    issues = current_issues(ControlledDocumentPage.objects.live().child_of(section))
    page_obj = Paginator(issues, SECTION_PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": section, "self": section, "page_obj": page_obj, "documents": with_documents(page_obj)}
