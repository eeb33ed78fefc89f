"""The internal document list (danh mục tài liệu nội bộ), with .xlsx and .csv export."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import WorkflowState

from procedures.control.periodic_review import review_due, still_valid_reviews
from procedures.models import Adoption, ControlledDocumentPage, DocumentType, Issue, IssueStatus
from qms import roles
from qms.models import Department
from qms.text_limits import QUERY


class DocumentStatus:
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SCHEDULED = "scheduled"
    CURRENT = "current"
    WITHDRAWN = "withdrawn"
    CHOICES = [
        (DRAFT, _("Draft")),
        (IN_REVIEW, _("In review")),
        (SCHEDULED, _("Scheduled")),
        (CURRENT, _("Current")),
        (WITHDRAWN, _("Withdrawn")),
    ]
    LABELS = dict(CHOICES)


# Who reads the document register, in the agencies where they hold the role.
REGISTER_READERS = (
    roles.ISO_SECRETARY,
    roles.DEPARTMENT_HEAD,
    roles.APPROVER,
    roles.INTERNAL_AUDITOR,
    roles.OVERSEER,
)


def register_agencies(user):
    """ALL, or the ids of the agencies whose register the user reads."""
    return roles.agencies_with_role(user, *REGISTER_READERS)


def register_queryset(user):
    return register_documents(register_agencies(user))


def register_documents(agencies):
    """The register's rows of these agencies (ALL: every agency's), with their current issue's numbers."""
    current = Issue.objects.filter(document=OuterRef("pk"), status=IssueStatus.CURRENT)
    active_workflow = WorkflowState.objects.active().filter(
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    documents = ControlledDocumentPage.objects.all()
    if agencies != roles.ALL:
        # The agencies' own documents, and the shared provincial documents they adopted.
        adopted = Adoption.objects.active().filter(document=OuterRef("pk"), agency_id__in=sorted(agencies))
        documents = documents.annotate(adopted=Exists(adopted)).filter(
            Q(library__agency_id__in=sorted(agencies)) | Q(adopted=True)
        )
    else:
        documents = documents.annotate(adopted=Value(False))
    return (
        documents.select_related("document_type", "owner_department")
        .annotate(
            current_edition=Subquery(current.values("edition")[:1]),
            current_amendment=Subquery(current.values("amendment")[:1]),
            current_effective=Subquery(current.values("effective_date")[:1]),
            last_still_valid=Subquery(
                still_valid_reviews()
                .filter(issue__document=OuterRef("pk"), issue__status=IssueStatus.CURRENT)
                .values("reviewed_on")[:1]
            ),
            has_scheduled=Exists(Issue.objects.filter(document=OuterRef("pk"), status=IssueStatus.SCHEDULED)),
            in_review=Exists(active_workflow),
        )
        .order_by("code")
    )


def status_of(document):
    if document.withdrawn_at:
        return DocumentStatus.WITHDRAWN
    if document.in_review:
        return DocumentStatus.IN_REVIEW
    if document.current_edition is not None:
        return DocumentStatus.CURRENT
    if document.has_scheduled:
        return DocumentStatus.SCHEDULED
    return DocumentStatus.DRAFT


class RegisterFilterSet(WagtailFilterSet):
    q = django_filters.CharFilter(label=_("Code or title contains"), method="filter_q", max_length=QUERY)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DocumentStatus.CHOICES, method="filter_status")
    document_type = django_filters.ModelChoiceFilter(label=_("Document type"), queryset=DocumentType.objects.all())
    owner_department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())

    class Meta:
        model = ControlledDocumentPage
        fields = ["q", "status", "document_type", "owner_department"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Only the departments and document types of the agencies whose register the user reads.
        agencies = register_agencies(getattr(request, "user", None))
        if agencies != roles.ALL:
            self.filters["document_type"].queryset = DocumentType.objects.filter(agency_id__in=agencies)
            self.filters["owner_department"].queryset = Department.objects.filter(agency_id__in=agencies)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))

    def filter_status(self, queryset, name, value):
        live = Q(withdrawn_at__isnull=True)
        return queryset.filter(
            {
                DocumentStatus.WITHDRAWN: Q(withdrawn_at__isnull=False),
                DocumentStatus.IN_REVIEW: live & Q(in_review=True),
                DocumentStatus.CURRENT: live & Q(in_review=False, current_edition__isnull=False),
                DocumentStatus.SCHEDULED: live & Q(in_review=False, current_edition__isnull=True, has_scheduled=True),
                DocumentStatus.DRAFT: live & Q(in_review=False, current_edition__isnull=True, has_scheduled=False),
            }[value]
        )


class DocumentRegisterView(ReportView):
    page_title = _("Internal document list")
    header_icon = "list-ul"
    template_name = "wagtailadmin/reports/base_report.html"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    index_url_name = "procedures_register"
    index_results_url_name = "procedures_register_results"
    filterset_class = RegisterFilterSet
    paginate_by = 100
    export_filename = "danh-muc-tai-lieu-noi-bo"
    list_export = [
        "code",
        "title",
        "document_type.name",
        "owner_department.name",
        "edition_amendment",
        "effective_on",
        "status_label",
        "review_due_on",
        "adoption_label",
    ]
    export_headings = {
        "code": "Mã số",
        "title": "Tên tài liệu",
        "document_type.name": "Loại tài liệu",
        "owner_department.name": "Đơn vị chủ trì",
        "edition_amendment": "Lần ban hành/Lần sửa đổi",
        "effective_on": "Ngày hiệu lực",
        "status_label": "Tình trạng",
        "review_due_on": "Hạn xem xét định kỳ",
        "adoption_label": "Nguồn",
    }
    columns = [
        TitleColumn("code", label=_("Code"), url_name="wagtailadmin_pages:edit"),
        Column("title", label=_("Title")),
        Column("document_type", label=_("Document type"), accessor="document_type.name"),
        Column("owner_department", label=_("Department"), accessor="owner_department.name"),
        Column("edition_amendment", label=_("Edition/amendment")),
        Column("effective_date", label=_("Effective date")),
        Column("status_label", label=_("Status")),
        Column("next_review_due", label=_("Next review due")),
        Column("adoption_label", label=_("Source")),
    ]

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not register_agencies(user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return register_queryset(self.request.user)

    def decorate_paginated_queryset(self, object_list):
        return [decorate(document) for document in object_list]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet([decorate(d) for d in queryset], spreadsheet_format)


ADOPTED_LABEL = _("Adopted provincial document")


def decorate(document):
    document.status = status_of(document)
    document.adoption_label = str(ADOPTED_LABEL) if getattr(document, "adopted", False) else ""
    document.status_label = str(DocumentStatus.LABELS[document.status])
    if document.current_edition is not None:
        document.edition_amendment = f"{document.current_edition}/{document.current_amendment}"
        document.effective_date = document.current_effective.strftime("%d/%m/%Y")
        due = review_due(document, document.current_effective, document.last_still_valid)
        document.next_review_due = due.strftime("%d/%m/%Y")
        # The .xlsx register holds real dates.
        document.effective_on, document.review_due_on = document.current_effective, due
    else:
        document.edition_amendment = document.effective_date = document.next_review_due = ""
        document.effective_on = document.review_due_on = None
    return document
