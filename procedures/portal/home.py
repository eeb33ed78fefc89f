"""The staff portal: the library front page and the search over current issues."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import IntegerField, Value
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from procedures.documents import readers
from procedures.models import DocumentType
from procedures.portal.browsing import library_overview
from procedures.search.searching import Search, highlight, snippet
from qms.models import Department

RESULTS_PER_PAGE = 20


def home(request):
    """The staff portal's front page: search, what to read, the library by department and type, recent issues."""
    from procedures.control.acknowledging import reading_list

    return render(request, "portal/home.html", {**library_overview(request.user), **reading_list(request)})


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False, strip=True)
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    type = forms.TypedChoiceField(label=_("Document type"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments, types = filter_options(user)
        self.fields["department"].choices = [("", _("All departments")), *departments]
        self.fields["type"].choices = [("", _("All document types")), *types]


DEPARTMENT, DOCUMENT_TYPE = 0, 1


def filter_options(user):
    """([(id, name)] of the departments, [(id, name)] of the document types) of the agencies the reader
    reads (no other agency's names), each by name: one query for both lists."""
    condition = readers.agency_condition(user, "agency")

    def options(model, kind):
        rows = model.objects.filter(condition).annotate(kind=Value(kind, output_field=IntegerField()))
        return rows.order_by().values_list("kind", "id", "name")

    departments, types = [], []
    both = options(Department, DEPARTMENT).union(options(DocumentType, DOCUMENT_TYPE), all=True)
    for kind, pk, name in both.order_by("kind", "name", "id"):
        (departments if kind == DEPARTMENT else types).append((str(pk), name))
    return departments, types


def search(request):
    """Search the current issues; with filters and no words, browse them by code.

    The result page has a strong ETag (procedures.portal.validators.search_etag): a revisit while
    nothing it shows has changed is a 304, before any search query."""
    from django.middleware.csrf import get_token

    from procedures.portal import validators

    get_token(request)  # the header's forms' CSRF secret: the tag names it
    etag = validators.search_etag(request)
    not_modified = validators.not_modified_search(request, etag)
    if not_modified is not None:
        return not_modified
    form = SearchForm(request.GET or None, user=request.user)
    context = {"form": form, "searched": False}
    if form.is_valid():
        data = form.cleaned_data
        query = Search(
            data["q"],
            department=data["department"],
            document_type=data["type"],
            readable=readers.entry_condition(request.user),
        )
        if query.terms or query.department or query.document_type:
            page = Paginator(query.results(), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
            terms = query.terms
            context.update(
                searched=True,
                page_obj=page,
                terms=terms,
                results=[
                    {
                        # The site root paths once per request, not once per result (a cache query each).
                        "url": entry.document.get_url(request),
                        "issue": entry.issue,
                        "code": highlight(entry.issue.code, terms),
                        "title": highlight(entry.issue.title, terms),
                        "snippet": snippet(entry.text, terms) if terms else "",
                    }
                    for entry in page.object_list
                ],
                querystring=request.GET.copy(),
            )
        elif data["q"]:
            form.add_error("q", _("Type at least one letter or digit."))
    response = render(request, "portal/search.html", context)
    return validators.revalidated_privately(response, etag) if etag else response
