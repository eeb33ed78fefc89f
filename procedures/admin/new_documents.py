"""A new document starts from its type's standard structure.

Wagtail's create view makes the new page and sends ``init_new_page`` before the form is built
(``wagtail.admin.views.pages.create.CreateView.get``): the cleanest point to fill the page, but
without the request, and the document's type is a field of the form. So the type is asked first,
as Wagtail itself asks a page's type first: the ``before_create_page`` hook answers a create view
reached without ``?document_type=`` with the list of the agency's types (one link each, plus a
blank document); with it, the chosen type (one of the library's agency, else the list again) is
handed to the ``init_new_page`` receiver, which sets the page's type, its owner department (the
section's) and its body: the type's parts, each with its kind and heading (``DocumentType.starting_body``).

The hand-over is a context variable set by the hook for this request only: the hook clears it
first on every create view, and the receiver clears it once used.
"""

from contextvars import ContextVar

from django.template.response import TemplateResponse

from procedures.documents.headings import default_heading, strip_numbering
from procedures.models import ControlledDocumentPage, DocumentType, LibraryPage, SectionPage
from procedures.models.blocks import SECTION_KINDS

SECTION_KIND_NAMES = {kind for kind, _label in SECTION_KINDS}

_chosen_type = ContextVar("procedures_new_document_type", default=None)


def choose_type_first(request, parent_page, page_class):
    """The ``before_create_page`` hook: ask for the type of a new document, then remember it."""
    _chosen_type.set(None)
    if page_class is not ControlledDocumentPage or request.method != "GET":
        return None
    library = LibraryPage.objects.ancestor_of(parent_page, inclusive=True).first()
    if library is None:
        return None
    types = list(DocumentType.objects.filter(agency_id=library.agency_id).order_by("name"))
    asked = request.GET.get("document_type")
    if asked == "":
        return None  # a blank document: the type is chosen on the form
    chosen = next((t for t in types if str(t.pk) == asked), None)
    if chosen is None and asked is None and len(types) == 1:
        chosen = types[0]
    if chosen is None:
        return TemplateResponse(
            request,
            "procedures/admin/choose_document_type.html",
            {
                "parent_page": parent_page,
                "types": [(t, part_headings(t)) for t in types],
                "unknown": asked is not None,
                "next": request.GET.get("next", ""),
            },
        )
    _chosen_type.set(chosen)
    return None


def part_headings(document_type):
    return [
        strip_numbering(part["heading"])
        or default_heading("section" if part["kind"] in SECTION_KIND_NAMES else part["kind"], part)
        for part in document_type.starting_structure()
    ]


def start_from_structure(sender, page, parent, **kwargs):
    """The ``init_new_page`` receiver: the new document gets the chosen type and its structure."""
    chosen = _chosen_type.get()
    if chosen is None or not isinstance(page, ControlledDocumentPage):
        return
    _chosen_type.set(None)
    page.document_type = chosen
    page.body = chosen.starting_body()
    if isinstance(parent, SectionPage) and parent.department_id and not page.owner_department_id:
        page.owner_department_id = parent.department_id
