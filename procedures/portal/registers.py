"""The secretary's lists: external documents, records, and each document's distribution and citations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procedures.control import access
from procedures.documents.readers import document_condition, register_condition
from procedures.models import Citation, ControlledDocumentPage, Distribution, ExternalDocument, RecordType
from procedures.portal.forms import CitationForm, DistributionForm
from qms import storage
from qms.models import Agency
from qms.spreadsheets import xlsx_response
from qms.text_limits import QUERY


def external_documents(request):
    """External document list (danh mục tài liệu có nguồn gốc bên ngoài); everyone signed in reads it."""
    documents = (
        ExternalDocument.objects.filter(register_condition(request.user))
        .select_related("replaced_by")
        .annotate(citation_count=Count("citations"))
    )
    query = request.GET.get("q", "").strip()[:QUERY]
    if query:
        documents = documents.filter(Q(number__icontains=query) | Q(title__icontains=query))
    status = request.GET.get("status")
    if status:
        documents = documents.filter(status=status)
    if request.GET.get("format") == "xlsx":
        return external_documents_xlsx(documents, agency=request.user.agency)
    from procedures.models import ExternalDocumentStatus

    return render(
        request,
        "procedures/control/external_documents.html",
        {"documents": documents, "query": query, "status": status, "statuses": ExternalDocumentStatus.choices},
    )


def external_documents_xlsx(documents, agency=None):
    citing = {}
    for citation in (
        Citation.objects.filter(external_document__in=documents.values("pk"))
        .select_related("document")
        .order_by("document__code")
    ):
        citing.setdefault(citation.external_document_id, []).append(citation.document.code)
    return xlsx_response(
        "danh-muc-tai-lieu-ben-ngoai",
        "Danh mục tài liệu có nguồn gốc bên ngoài",
        [
            "Số, ký hiệu",
            "Loại văn bản",
            "Trích yếu",
            "Cơ quan ban hành",
            "Ngày ban hành",
            "Ngày hiệu lực",
            "Tình trạng",
            "Được thay thế bởi",
            "Sửa đổi, bổ sung bởi",
            "Tài liệu nội bộ viện dẫn",
            "Đường dẫn",
        ],
        [
            [
                d.number,
                d.kind,
                d.title,
                d.issuing_body,
                d.issue_date,
                d.effective_date,
                d.get_status_display(),
                d.replaced_by.number if d.replaced_by else "",
                d.amended_by,
                ", ".join(citing.get(d.pk, [])),
                d.link,
            ]
            for d in documents.order_by("number")
        ],
        agency=agency,
        name="Tài liệu bên ngoài",
    )


def external_document_detail(request, pk):
    visible = ExternalDocument.objects.filter(register_condition(request.user))
    document = get_object_or_404(visible.select_related("replaced_by"), pk=pk)
    citations = (
        document.citations.filter(document_condition(request.user))
        .select_related("document")
        .order_by("document__code")
    )
    return render(
        request,
        "procedures/control/external_document_detail.html",
        {
            "external": document,
            "citations": citations,
            "replaces": document.replaces.filter(register_condition(request.user)),
            "flags": document.review_flags.filter(document_condition(request.user)).select_related("document"),
        },
    )


def external_document_file(request, pk):
    document = get_object_or_404(ExternalDocument.objects.filter(register_condition(request.user)), pk=pk)
    if not document.file:
        raise Http404
    return storage.file_response(document.file, as_attachment=True)


def records_list(request):
    """Records list (danh mục hồ sơ)."""
    records = RecordType.objects.filter(register_condition(request.user)).select_related("keeper_department")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "danh-muc-ho-so",
            "Danh mục hồ sơ",
            [
                "Mã hồ sơ",
                "Tên hồ sơ",
                "Biểu mẫu",
                "Đơn vị lưu giữ",
                "Nơi lưu",
                "Thời gian lưu",
                "Phương pháp hủy",
            ],
            [
                [
                    r.code,
                    r.name,
                    r.form_code,
                    r.keeper_department.name,
                    r.place,
                    "Vĩnh viễn" if r.permanent else f"{r.retention_years} năm",
                    r.disposal_method,
                ]
                for r in records
            ],
            agency=request.user.agency,
        )
    return render(request, "procedures/control/records_list.html", {"records": records})


def requested_agency(request):
    """The agency id asked for in ?agency= (or the POST), or None."""
    value = request.POST.get("agency") or request.GET.get("agency")
    return int(value) if value and value.isdigit() else None


def distribution_entries(document, agency_id):
    """The entries of one agency's part of the distribution: its departments, and the roles when it owns it."""
    condition = Q(department__agency_id=agency_id)
    if agency_id == document.agency_id:
        condition |= Q(group__isnull=False)
    return Distribution.objects.filter(document=document).filter(condition)


def document_control(request, document_id):
    """One document's distribution and citations; its secretary and owner's head edit them, and the
    ISO secretary of an agency that adopted the shared document edits that agency's distribution."""
    document = get_object_or_404(ControlledDocumentPage, pk=document_id)
    agency_id = access.distribution_agency(request.user, document, requested_agency(request))
    can_distribute = agency_id is not None
    can_cite = access.can_manage_citations(request.user, document)
    if not (can_distribute or can_cite or access.sees_reviews_of(request.user, document)):
        raise PermissionDenied
    entries = distribution_entries(document, agency_id if can_distribute else document.agency_id)
    distribution_form = None
    if can_distribute:
        distribution_form = DistributionForm(
            agency_id=agency_id,
            with_roles=agency_id == document.agency_id,
            initial={
                "agency": agency_id,
                "departments": [e.department_id for e in entries if e.department_id],
                "groups": [e.group_id for e in entries if e.group_id],
            },
        )
    other_agencies = [a for a in access.distribution_agencies(request.user, document) if a != agency_id]
    return render(
        request,
        "procedures/control/document_control.html",
        {
            "document": document,
            "entries": entries.select_related("department", "group"),
            "distribution_form": distribution_form,
            "distribution_agency": Agency.objects.filter(pk=agency_id).first() if can_distribute else None,
            "other_distribution_agencies": Agency.objects.filter(pk__in=other_agencies).order_by("agency_name"),
            "citations": document.citations.select_related("external_document"),
            "citation_form": CitationForm(document=document) if can_cite else None,
            "can_cite": can_cite,
        },
    )


@require_POST
def save_distribution(request, document_id):
    document = get_object_or_404(ControlledDocumentPage, pk=document_id)
    agency_id = access.distribution_agency(request.user, document, requested_agency(request))
    if agency_id is None:
        raise PermissionDenied(_("Only the ISO secretary or the head of the owner department edits the distribution."))
    form = DistributionForm(request.POST, agency_id=agency_id, with_roles=agency_id == document.agency_id)
    if not form.is_valid() or form.cleaned_data["agency"] not in (None, agency_id):
        messages.error(request, _("The distribution was not changed: choose from the lists."))
        return redirect(f"{reverse('control:document', args=[document.pk])}?agency={agency_id}")
    wanted_departments = set(form.cleaned_data["departments"])
    wanted_groups = set(form.cleaned_data.get("groups") or [])
    with transaction.atomic():
        entries = list(distribution_entries(document, agency_id).select_for_update(of=("self",)).order_by("pk"))
        for entry in entries:
            if (entry.department and entry.department not in wanted_departments) or (
                entry.group and entry.group not in wanted_groups
            ):
                entry.delete()  # history keeps the removal and who made it
        have_departments = {e.department for e in entries if e.department}
        have_groups = {e.group for e in entries if e.group}
        for department in wanted_departments - have_departments:
            Distribution.objects.create(document=document, department=department)
        for group in wanted_groups - have_groups:
            Distribution.objects.create(document=document, group=group)
    messages.success(request, _("Distribution saved."))
    return redirect(f"{reverse('control:document', args=[document.pk])}?agency={agency_id}")


@require_POST
def add_citation(request, document_id):
    document = get_object_or_404(ControlledDocumentPage, pk=document_id)
    if not access.can_manage_citations(request.user, document):
        raise PermissionDenied(_("Only the ISO secretary or the head of the owner department edits the legal basis."))
    form = CitationForm(request.POST, document=document)
    if form.is_valid():
        form.save()
        messages.success(request, _("Legal basis added."))
    else:
        messages.error(request, _("Nothing was added: choose an external document not yet cited."))
    return redirect("control:document", document.pk)


@require_POST
def remove_citation(request, document_id, pk):
    document = get_object_or_404(ControlledDocumentPage, pk=document_id)
    if not access.can_manage_citations(request.user, document):
        raise PermissionDenied
    citation = get_object_or_404(Citation, pk=pk, document=document)
    citation.delete()  # history keeps the removal and who made it
    messages.success(request, _("Legal basis removed."))
    return redirect("control:document", document.pk)
