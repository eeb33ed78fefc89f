"""The public pages at /cong-khai/: the internal procedures of administrative procedures, read without signing in.

The law requires an agency's internal procedures for administrative procedures to be public. A
document is public when its document type is (``DocumentType.public``) or when it says so itself
(``ControlledDocumentPage.publication``); see docs/public.md. Anyone reads here, for each such
document:

- only its current issue: the frozen issue content (procedures.portal.frozen), never a draft, a
  scheduled, superseded or withdrawn issue; a document no longer in force answers 410 with a page
  saying so and nothing of its text;
- marked as an uncontrolled copy (bản không kiểm soát), as is every page of its PDF (the same
  uncontrolled copy staff download, procedures.copies.printing);
- without the internal parts of the staff page: no files (forms' files, images of the library, the
  paper original's scan), no links into the staff site, no change requests, reviews or readers, no
  person named outside the signature block.

Every answer carries a strong ETag and ``Cache-Control: public``: a revisit is a 304, and a shared
cache may keep a page for MAX_AGE (a new issue or a withdrawal reaches every reader within that).
The pages set no cookie and render no CSRF token, so a shared cache can keep them; their language is
the reader's choice of the staff site (the language cookie), Vietnamese by default.
"""

import hashlib
import io
import json
import re

from bs4 import BeautifulSoup, NavigableString
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model

from procedures.copies import printing
from procedures.models import ControlledDocumentPage, CopyKind, Issue, IssueStatus
from procedures.models.pages import NATIONAL_CODE_PATTERN, public_condition
from procedures.portal import frozen
from procedures.search.searching import Search, highlight, snippet
from qms.models import Agency

# Seconds a browser or shared cache may keep a public answer without asking again.
MAX_AGE = 600
RESULTS_PER_PAGE = 30
# Change when what public_body() keeps of the frozen part changes.
PUBLIC_BODY_VERSION = "2"
# What the public page and its ETag show of the document's agency.
AGENCY_FIELDS = ("agency_name", "superior_body", "address", "stamp_uncontrolled", "code")


# The public documents, seen from an issue or a search entry (joined, not a subquery).
PUBLIC = public_condition("document__")


def public_response(request, response, etag=None, max_age=MAX_AGE):
    """Mark an answer public and cacheable with a strong ETag (the given one, else the body's SHA-256),
    and answer a revisit whose validator still holds with 304."""
    if etag is None:
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        response = not_modified
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ("Cookie",))  # the language cookie chooses the language
    return response


# The document's page ------------------------------------------------------


def current_public_issue(document_id):
    """The current issue of a public document, with its page's and agency's public fields, or None."""
    return (
        Issue.objects.current()
        .filter(PUBLIC, document_id=document_id)
        .select_related("document", "document__library__agency")
        .only(
            *(f.name for f in Issue._meta.concrete_fields if f.name != "body_html"),
            "document__national_code",
            "document__library",
            "document__library__agency",
            *(f"document__library__agency__{name}" for name in AGENCY_FIELDS),
        )
        .first()
    )


def gone_or_404(request, document_id):
    """A public document that was in force and is no longer: 410 with a page that says so (never its
    text). Anything else (never public, never in force, another kind of document) is not found."""
    last = (
        Issue.objects.filter(
            public_condition("document__", in_force_only=False),
            document_id=document_id,
            became_current_at__isnull=False,
        )
        .exclude(status=IssueStatus.CURRENT)
        .only("code", "title", "status", "superseded_at", "withdrawn_at", "document_id")
        .order_by("-edition", "-amendment")
        .first()
    )
    if last is None:
        raise Http404
    response = render(request, "public/gone.html", {"issue": last}, status=410)
    return public_response(request, response)


def document_etag(issue):
    """Everything the page shows, but the frozen part's own rendering (fixed by the issue's body hash)."""
    agency = issue.document.library.agency
    parts = [
        PUBLIC_BODY_VERSION,
        frozen.VERSION,
        translation.get_language(),
        str(issue.pk),
        issue.body_sha256,
        issue.approved_at.isoformat(),
        issue.status,
        issue.document.national_code,
        *(str(getattr(agency, name)) for name in AGENCY_FIELDS),
    ]
    return '"pub-' + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40] + '"'


def is_internal(url):
    """A link or source into the staff site (files, images, other pages): nothing the public may follow."""
    url = (url or "").strip()
    if not url or url.startswith("#"):
        return False
    if url.startswith("/"):
        return not url.startswith("/cong-khai/")
    host = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].rstrip("/") if settings.WAGTAILADMIN_BASE_URL else ""
    return bool(host) and url.split("://", 1)[-1].startswith(host + "/")


# A file of the document library, as the frozen body links it (Wagtail's /documents/<id>/<name>).
LIBRARY_FILE = re.compile(r"^/documents/(\d+)/")


def form_files(issue):
    """The ids of the files of the forms (biểu mẫu) the issue was issued with (its signed revision)."""
    content = issue.revision.content or {}
    body = content.get("body") or []
    if isinstance(body, str):
        body = json.loads(body or "[]")
    files = set()
    for block in body:
        if block.get("type") != "forms":
            continue
        for form in (block.get("value") or {}).get("forms") or []:
            value = form.get("value", form) if isinstance(form, dict) else {}
            if isinstance(value.get("file"), int):
                files.add(value["file"])
    return files


def strip_internal(html, document_id=None, forms=frozenset()):
    """The frozen part without the staff site's files and links: a form's download link leads to its public
    address when the form is one the issue was issued with (``forms``), else goes (its code and title
    stay); another link into the staff site keeps its words only, an image of the library is replaced
    by a note that it is printed in the PDF."""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a"):
        if not is_internal(link.get("href")):
            continue
        match = LIBRARY_FILE.match(link.get("href", "").strip())
        if link.has_attr("download") and match and int(match.group(1)) in forms:
            link["href"] = reverse("public:document_form", args=[document_id, int(match.group(1))])
            continue
        if link.has_attr("download"):
            before = link.previous_sibling
            if isinstance(before, NavigableString) and before.rstrip().endswith("·"):
                before.replace_with(before.rstrip()[:-1].rstrip())
            link.decompose()
        else:
            link.unwrap()
    for image in soup.find_all("img"):
        if is_internal(image.get("src")):
            note = soup.new_tag("span", attrs={"class": "public-image-note"})
            note.string = _("The figure is printed in the PDF.")
            image.replace_with(note)
    return str(soup)


def public_body(issue):
    """The issue's frozen part as the public sees it, rendered once per (issue, language) and kept."""
    key = frozen.cache_key(issue, translation.get_language()) + f":public:{PUBLIC_BODY_VERSION}"
    html = cache.get(key)
    if html is None:
        html = strip_internal(str(frozen.frozen_body(issue)), issue.document_id, form_files(issue))
        cache.set(key, html, frozen.KEEP_SECONDS)
    return mark_safe(html)  # noqa: S308 - our frozen part (escaped template, sanitised body), links removed


def history_of(issue):
    """The amendment history up to the current issue: dates, numbers and what changed, no names."""
    return list(
        Issue.objects.filter(document_id=issue.document_id, became_current_at__isnull=False)
        .filter(Q(edition__lt=issue.edition) | Q(edition=issue.edition, amendment__lte=issue.amendment))
        .only("edition", "amendment", "effective_date", "change_summary")
        .order_by("edition", "amendment")
    )


@login_not_required
@require_safe
def document(request, document_id):
    issue = current_public_issue(document_id)
    if issue is None:
        return gone_or_404(request, document_id)
    etag = document_etag(issue)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return public_response(request, not_modified, etag)
    context = {
        "issue": issue,
        "agency": issue.document.library.agency,
        "national_code": issue.document.national_code,
        "body": public_body(issue),
        "history": history_of(issue),
        "pdf_url": reverse("public:document_pdf", args=[document_id]),
    }
    return public_response(request, render(request, "public/document.html", context), etag)


@login_not_required
@require_safe
def document_pdf(request, document_id):
    """The current issue's uncontrolled copy (stamped on every page), the same file staff get that day."""
    issue = current_public_issue(document_id)
    if issue is None:
        return gone_or_404(request, document_id)
    copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED)
    etag = f'"pdf-{copy.sha256}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        data = printing.intact_bytes(copy)
        response = FileResponse(io.BytesIO(data), content_type="application/pdf", filename=copy.filename)
    return public_response(request, response, etag)


@login_not_required
@require_safe
def document_form(request, document_id, file_id):
    """A form (biểu mẫu) of a public document's current issue: only the files that issue was issued with.
    A document no longer in force answers 410, anything else 404."""
    issue = current_public_issue(document_id)
    if issue is None:
        return gone_or_404(request, document_id)
    if file_id not in form_files(issue):
        raise Http404
    form = get_object_or_404(get_document_model(), pk=file_id)
    etag = f'"form-{form.file_hash or form.pk}-{issue.pk}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        try:
            handle = form.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=True, filename=form.filename)
    return public_response(request, response, etag)


# The language ----------------------------------------------------------------


@login_not_required
@require_safe
def choose_language(request, language):
    """The VI/EN switch of the public pages: the staff site's language cookie, then back to the page.

    A link, not the portal's form: the public pages carry no CSRF token. Only a public page is
    returned to; anything else leads to the list."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    prefix = reverse("public:index")
    if not (target.startswith(prefix) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})):
        target = prefix
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    patch_cache_control(response, no_store=True)
    return response


# The list and the search ---------------------------------------------------


class PublicSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Code, title, national procedure code or words"), required=False, max_length=200
    )
    co_quan = forms.ModelChoiceField(
        label=gettext_lazy("Agency"),
        queryset=Agency.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All agencies"),
        error_messages={"invalid_choice": gettext_lazy("No agency publishes procedures under this code.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_quan"].queryset = agencies_with_public_documents()


def agencies_with_public_documents():
    in_force = Issue.objects.current().filter(PUBLIC, document__library__agency_id=OuterRef("pk"))
    return (
        Agency.objects.filter(Exists(in_force), is_active=True)
        .only("pk", "code", "agency_name")
        .order_by("agency_name")
    )


def looks_like_national_code(text):
    return bool(re.fullmatch(NATIONAL_CODE_PATTERN, text))


@login_not_required
@require_safe
def index(request):
    """Public current documents, by agency, searched by code, title, national code or words of the text."""
    form = PublicSearchForm(request.GET or None)
    readable = PUBLIC
    query = ""
    agency = None
    if form.is_bound and form.is_valid():
        agency = form.cleaned_data["co_quan"]
        query = form.cleaned_data["q"].strip()
    elif form.is_bound:
        readable = Q(pk__in=[])
    if agency is not None:
        readable &= Q(document__library__agency=agency)
    if looks_like_national_code(query):
        search = Search("", readable=readable & Q(document__national_code__contains=query))
        terms = []
    else:
        search = Search(query, readable=readable)
        terms = search.terms
        if query and not terms:
            form.add_error("q", _("Type at least one letter or digit."))
    page = Paginator(search.results(), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    extra = {
        row["pk"]: row
        for row in ControlledDocumentPage.objects.filter(pk__in=[e.document_id for e in entries]).values(
            "pk", "national_code", "library__agency__agency_name"
        )
    }
    results = [
        {
            "url": reverse("public:document", args=[entry.document_id]),
            "issue": entry.issue,
            "code": highlight(entry.issue.code, terms),
            "title": highlight(entry.issue.title, terms),
            "national_code": extra[entry.document_id]["national_code"],
            "agency_name": extra[entry.document_id]["library__agency__agency_name"],
            "snippet": snippet(entry.text, terms) if terms else "",
        }
        for entry in entries
        if entry.document_id in extra
    ]
    context = {
        "form": form,
        "agency": agency,
        "agencies": form.fields["co_quan"].queryset,
        "query": query,
        "page_obj": page,
        "results": results,
    }
    return public_response(request, render(request, "public/index.html", context))


# For search engines --------------------------------------------------------


class PublicDocumentSitemap(Sitemap):
    """Every public document with a current issue, and nothing else."""

    changefreq = "weekly"

    def items(self):
        return list(
            Issue.objects.current().filter(PUBLIC).only("document_id", "became_current_at").order_by("document_id")
        )

    def location(self, item):
        return reverse("public:document", args=[item.document_id])

    def lastmod(self, item):
        return item.became_current_at


SITEMAPS = {"cong-khai": PublicDocumentSitemap}


@login_not_required
@require_safe
def sitemap(request):
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    response = django_sitemap(request, SITEMAPS)
    response.render()
    return public_response(request, response)


@login_not_required
@require_safe
def robots_txt(request):
    """Search engines may read the public pages (and the static files they use), nothing else."""
    lines = [
        "User-agent: *",
        "Allow: /cong-khai/",
        f"Allow: {settings.STATIC_URL}",
        "Disallow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    return public_response(request, response, max_age=24 * 60 * 60)
