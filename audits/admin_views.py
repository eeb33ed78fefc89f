"""Custom admin screens of the internal audits menu: programme and audit pages
with their transition buttons, checklist building, report PDF and .xlsx logs.
Each view checks the person's right to this record on the server."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits import permissions, reports
from audits.clauses import cite, counterpart_label
from audits.forms import BuildChecklistForm, ChecklistItemForm, QuickFindingForm, RaiseActionForm, ReasonForm
from audits.models import Audit, AuditProgramme, ChecklistItem, CorrectiveAction, Finding, Question
from qms.params import id_param


def _error_text(error):
    return " ".join(error.messages)


def programme_detail(request, pk):
    programme = get_object_or_404(AuditProgramme, pk=pk)
    agency_id = programme.agency_id
    if not (
        permissions.can_read_all(request.user, agency_id) or permissions.can_approve_programme(request.user, programme)
    ):
        raise PermissionDenied
    progress = programme.progress()
    return render(
        request,
        "audits/admin/programme_detail.html",
        {
            "programme": programme,
            "progress": progress,
            "can_approve": permissions.can_approve_programme(request.user, programme)
            and programme.status == AuditProgramme.Status.DRAFT,
            "reason_form": ReasonForm(),
        },
    )


@require_POST
def programme_approve(request, pk):
    programme = get_object_or_404(AuditProgramme, pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        programme.approve(request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The audit programme was approved."))
    return redirect("audits_programme:detail", pk=programme.pk)


def _viewable_audit(request, pk):
    audit = get_object_or_404(Audit.objects.select_related("programme", "lead_auditor"), pk=pk)
    if not permissions.can_view_audit(request.user, audit):
        raise PermissionDenied
    return audit


def audit_detail(request, pk, build_form=None, item_form=None, finding_form=None, status=200):
    audit = _viewable_audit(request, pk)
    team = permissions.can_record(request.user, audit)
    findings = audit.findings.select_related("clause", "department", "document").prefetch_related(
        "clause__corresponds_to"
    )
    rows = [(f, cite(f.clause), f.corrective_action_or_none) for f in findings]
    agency_id = audit.programme.agency_id
    may_raise = team and permissions.can_raise_action(request.user, agency_id)
    # One form per finding, each with its own field ids.
    raise_forms = {}
    if may_raise:
        raise_forms = {
            f.pk: RaiseActionForm(auto_id=f"raise{f.pk}_%s", agency_id=agency_id, department=f.department)
            for f, _c, _a in rows
        }
    rows = [(f, cited, action, raise_forms.get(f.pk)) for f, cited, action in rows]
    editable = team and audit.status in (Audit.Status.PLANNED, Audit.Status.IN_PROGRESS)
    recording = team and audit.status == Audit.Status.IN_PROGRESS
    return render(
        request,
        "audits/admin/audit_detail.html",
        {
            "audit": audit,
            "departments": audit.departments.all(),
            "clauses": [(c, counterpart_label(c)) for c in audit.clauses.prefetch_related("corresponds_to")],
            "documents": audit.documents.all(),
            "items": audit.items.select_related("clause", "recorded_by"),
            "findings": rows,
            "is_team": team,
            "can_print": permissions.can_print(request.user, agency_id),
            "transitions": _available_transitions(audit) if team else [],
            "build_form": build_form or (BuildChecklistForm(audit=audit) if editable else None),
            "item_form": item_form or (ChecklistItemForm(audit=audit) if editable else None),
            "reason_form": ReasonForm(),
            "finding_form": finding_form
            or (QuickFindingForm(audit=audit, auto_id="finding_%s") if recording else None),
        },
        status=status,
    )


def _available_transitions(audit):
    return {
        Audit.Status.PLANNED: [("start", _("Start the audit"))],
        Audit.Status.IN_PROGRESS: [("report", _("Mark reported"))],
        Audit.Status.REPORTED: [("close", _("Close the audit"))],
    }.get(audit.status, [])


@require_POST
def audit_transition(request, pk, transition):
    audit = _viewable_audit(request, pk)
    if transition not in ("start", "report", "close"):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        getattr(audit, transition)(request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The audit is now %(status)s.") % {"status": audit.get_status_display()})
    return redirect("audits_audit:detail", pk=audit.pk)


def _team_audit(request, pk):
    audit = _viewable_audit(request, pk)
    if not permissions.can_record(request.user, audit):
        raise PermissionDenied
    return audit


@require_POST
def checklist_build(request, pk):
    """Copy the library's questions of the chosen clauses into the checklist (once each)."""
    audit = _team_audit(request, pk)
    form = BuildChecklistForm(request.POST, audit=audit)
    if not form.is_valid():
        return audit_detail(request, pk, build_form=form, status=400)
    copied = set(audit.items.exclude(source=None).values_list("source_id", flat=True))
    questions = Question.objects.filter(active=True, clause__in=form.cleaned_data["clauses"]).exclude(pk__in=copied)
    with transaction.atomic():
        for question in questions.select_related("clause"):
            ChecklistItem.objects.create(audit=audit, clause=question.clause, question=question.text, source=question)
    messages.success(request, _("%(count)s questions were added to the checklist.") % {"count": len(questions)})
    return redirect("audits_audit:detail", pk=audit.pk)


@require_POST
def checklist_add_item(request, pk):
    audit = _team_audit(request, pk)
    form = ChecklistItemForm(request.POST, audit=audit)
    if not form.is_valid():
        return audit_detail(request, pk, item_form=form, status=400)
    form.instance.audit = audit
    form.save()
    messages.success(request, _("The question was added to the checklist."))
    return redirect("audits_audit:detail", pk=audit.pk)


@require_POST
def record_finding(request, pk):
    """A finding recorded from the audit's own page (an audit in progress, by its team)."""
    audit = _team_audit(request, pk)
    if audit.status != Audit.Status.IN_PROGRESS:
        messages.error(request, _("Findings are recorded while the audit is in progress."))
        return redirect("audits_audit:detail", pk=audit.pk)
    form = QuickFindingForm(request.POST, audit=audit, auto_id="finding_%s")
    if not form.is_valid():
        return audit_detail(request, pk, finding_form=form, status=400)
    finding = Finding(audit=audit, recorded_by=request.user, **form.cleaned_data)
    try:
        finding.full_clean(exclude=["series", "sequence", "number"])
    except ValidationError as error:
        form.add_error(None, _error_text(error))
        return audit_detail(request, pk, finding_form=form, status=400)
    try:
        with transaction.atomic():
            finding.save()
    except IntegrityError:
        form.add_error(None, _("Another finding was numbered at the same moment. Please save again."))
        return audit_detail(request, pk, finding_form=form, status=400)
    messages.success(request, _("Finding %(number)s was recorded.") % {"number": finding.number})
    return redirect(reverse("audits_audit:detail", args=[audit.pk]) + "#findings")


@require_POST
def finding_raise_action(request, pk):
    finding = get_object_or_404(Finding.objects.select_related("audit__programme"), pk=pk)
    if not permissions.can_record(request.user, finding.audit):
        raise PermissionDenied
    form = RaiseActionForm(request.POST, agency_id=finding.audit.programme.agency_id)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("audits_audit:detail", pk=finding.audit_id)
    if finding.corrective_action_or_none:
        messages.error(request, _("This finding already has a corrective action."))
        return redirect("audits_audit:detail", pk=finding.audit_id)
    try:
        action = finding.raise_corrective_action(request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Corrective action %(number)s was raised.") % {"number": action.number})
    return redirect("audits_audit:detail", pk=finding.audit_id)


def _require_print(request):
    if not permissions.can_print(request.user):
        raise PermissionDenied


def audit_report(request, pk):
    _require_print(request)
    audit = _viewable_audit(request, pk)
    response = HttpResponse(reports.audit_report_pdf(audit), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"bao-cao-{audit.number}.pdf")
    return response


def findings_export(request):
    _require_print(request)
    findings = (
        Finding.objects.filter(audit__in=Audit.objects.visible_to(request.user))
        .select_related("audit", "clause", "department", "document")
        .prefetch_related("clause__corresponds_to")
    )
    audit_id = id_param(request, "audit")
    if audit_id:
        findings = findings.filter(audit_id=audit_id)
    response = HttpResponse(
        reports.findings_xlsx(findings, agency=request.user.agency), content_type=reports.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, "so-theo-doi-phat-hien.xlsx")
    return response


def actions_export(request):
    _require_print(request)
    actions = (
        CorrectiveAction.objects.visible_to(request.user)
        .select_related("finding", "department", "owner")
        .order_by("year", "sequence")
    )
    if request.GET.get("overdue") == "1":
        actions = actions.overdue()
    response = HttpResponse(
        reports.actions_xlsx(actions, today=timezone.localdate(), agency=request.user.agency),
        content_type=reports.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = content_disposition_header(True, "so-theo-doi-hanh-dong-khac-phuc.xlsx")
    return response
