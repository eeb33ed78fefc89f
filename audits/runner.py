"""The checklist runner: one screen per item, one tap for the result, made for
a phone or tablet during the audit. Only the audit's team may use it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from audits import permissions
from audits.forms import EvidenceUploadForm, RecordResultForm
from audits.models import Audit, ChecklistItem, EvidenceFile, TransitionNotAllowed


def _audit_for_team(request, audit_pk):
    audit = get_object_or_404(Audit, pk=audit_pk)
    if not permissions.can_record(request.user, audit):
        raise PermissionDenied
    return audit


def checklist(request, audit_pk):
    audit = _audit_for_team(request, audit_pk)
    items = audit.items.select_related("clause")
    return render(request, "audits/portal/checklist.html", {"audit": audit, "items": items})


def checklist_item(request, audit_pk, position):
    audit = _audit_for_team(request, audit_pk)
    item = get_object_or_404(
        ChecklistItem.objects.select_related("clause", "department"), audit=audit, position=position
    )
    form = RecordResultForm(initial={"evidence": item.evidence, "result": item.result})
    upload = EvidenceUploadForm()
    status = 200
    if request.method == "POST":
        form = RecordResultForm(request.POST)
        upload = EvidenceUploadForm(request.POST, request.FILES) if request.FILES else EvidenceUploadForm()
        upload_ok = not request.FILES or upload.is_valid()
        if form.is_valid() and upload_ok:
            try:
                with transaction.atomic():
                    item.record(request.user, form.cleaned_data["result"], evidence=form.cleaned_data["evidence"])
                    if request.FILES:
                        file = upload.cleaned_data["file"]
                        EvidenceFile.objects.create(
                            item=item,
                            file=file,
                            content_type=upload.content_type,
                            size=file.size,
                            uploaded_by=request.user,
                        )
            except TransitionNotAllowed as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Recorded."))
                if item.result in (ChecklistItem.Result.NONCONFORMITY, ChecklistItem.Result.OBSERVATION):
                    return redirect("audits:checklist_item", audit_pk=audit.pk, position=item.position)
                following = audit.items.filter(position__gt=item.position).order_by("position").first()
                if following:
                    return redirect("audits:checklist_item", audit_pk=audit.pk, position=following.position)
                return redirect("audits:checklist", audit_pk=audit.pk)
        status = 400
    previous = audit.items.filter(position__lt=item.position).order_by("-position").first()
    following = audit.items.filter(position__gt=item.position).order_by("position").first()
    propose_finding = item.result in (ChecklistItem.Result.NONCONFORMITY, ChecklistItem.Result.OBSERVATION) and (
        not item.findings.exists()
    )
    return render(
        request,
        "audits/portal/checklist_item.html",
        {
            "audit": audit,
            "item": item,
            "form": form,
            "upload": upload,
            "previous": previous,
            "following": following,
            "total": audit.items.count(),
            "results": ChecklistItem.Result.choices,
            "finding_url": reverse("audits_finding:add") + f"?item={item.pk}" if propose_finding else "",
        },
        status=status,
    )


def evidence_file(request, pk):
    """An evidence file, to those who may see its audit; media is never served unchecked."""
    from django.http import Http404

    from qms import storage

    evidence = get_object_or_404(EvidenceFile.objects.select_related("item__audit"), pk=pk)
    if not permissions.can_view_audit(request.user, evidence.item.audit):
        raise Http404
    response = storage.file_response(
        evidence.file,
        content_type=evidence.content_type,
        as_attachment=not evidence.is_image,
        filename=str(evidence),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
