"""planning's own admin screens: the leader's dashboard, the one-stop import's preview and
confirmation, a nonconformity's page (open its corrective action), the risk heat map and a
management review's page (gather the inputs, decisions, sign, PDF). Every view checks on
the server the person's right in the record's agency; another agency's record is not found."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planning import charts, imports, minutes, performance, review_inputs
from planning.admin.forms import CloseDecisionForm, DecisionForm, RaiseActionForm
from planning.models import DossierStatistic, ManagementReview, Nonconformity, OneStopImport, ReviewDecision, Risk
from planning.permissions import can_close_decision, can_manage, can_prepare_review, can_read, is_chair
from planning.permissions import readable_agencies as readable
from procedures.lifecycle.signing import AccountLocked, SignForm, locked_out
from qms import roles
from qms.models import Agency


def _errors(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _readable(request, model, pk, **related):
    """The row, if the person reads its agency: refused without any reading role, else not found."""
    agencies = readable(request.user)
    if not agencies:
        raise PermissionDenied
    row = get_object_or_404(model.objects.select_related(*related.get("select", ())), pk=pk)
    if not can_read(request.user, row.agency_id):
        raise Http404
    return row


# The dashboard ---------------------------------------------------------------------


def dashboard_agencies(user):
    agencies = readable(user)
    queryset = Agency.objects.active().order_by("agency_name")
    return queryset if agencies == roles.ALL else queryset.filter(pk__in=agencies)


def dashboard(request):
    agencies = list(dashboard_agencies(request.user))
    if not agencies:
        raise PermissionDenied
    chosen = request.GET.get("agency", "")
    agency = next((a for a in agencies if str(a.pk) == chosen), None)
    if agency is None:
        agency = next((a for a in agencies if a.pk == request.user.agency_id), agencies[0])
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    return render(
        request,
        "planning/admin/dashboard.html",
        {"agency": agency, "agencies": agencies, "year": year, **dashboard_context(agency.pk, year, today)},
    )


def dashboard_context(agency_id, year, today):
    import datetime

    objectives = performance.objectives_status(agency_id, year, today=today)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    months = performance.on_time_by_month(agency_id, start, end)
    by_department = performance.actions_by_department(agency_id, today)
    confirmed, assigned = performance.reading_completion(agency_id)
    last_review = (
        ManagementReview.objects.filter(agency_id=agency_id, status=ManagementReview.Status.SIGNED)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    next_due = last_review.replace(year=last_review.year + 1) if last_review else None
    open_decisions = ReviewDecision.objects.filter(agency_id=agency_id, status=ReviewDecision.Status.OPEN)
    month_rows = [(f"{m:%m/%Y}", t) for m, t in months]
    surveyed = [(f"{m:%m/%Y}", s) for m, s in performance.satisfaction_by_month(agency_id, start, end)]
    return {
        "objectives": objectives,
        "objectives_chart": charts.objectives([(s.label, s.latest, s.objective.target) for s in objectives])
        if objectives
        else None,
        "months": month_rows,
        "on_time_chart": charts.on_time_trend([(label[:2], t["rate"]) for label, t in month_rows])
        if any(t["on_time"] or t["late"] for _m, t in months)
        else None,
        "satisfaction": [(label, s) for label, s in surveyed if s["responses"]],
        "satisfaction_chart": charts.satisfaction_trend([(label[:2], s["rate"]) for label, s in surveyed])
        if any(s["responses"] for _label, s in surveyed)
        else None,
        "by_department": by_department,
        "actions_chart": charts.actions_by_department(by_department) if by_department else None,
        "reading": {
            "confirmed": confirmed,
            "assigned": assigned,
            "percent": round(100 * confirmed / assigned) if assigned else None,
        },
        "last_review": last_review,
        "next_review_due": next_due,
        "review_overdue": next_due is not None and next_due < today,
        "open_decisions": open_decisions.count(),
        "overdue_decisions": open_decisions.filter(due_date__lt=today).count(),
        "top_risks": performance.top_risks(agency_id),
    }


# One-stop imports --------------------------------------------------------------------


def import_preview(request, pk):
    upload = _readable(request, OneStopImport, pk)
    rows, errors = ([], upload.errors.splitlines()) if upload.status == OneStopImport.Status.REJECTED else ([], [])
    if upload.status == OneStopImport.Status.UPLOADED:
        rows, errors = imports.preview(upload)
    return render(
        request,
        "planning/admin/import_preview.html",
        {
            "upload": upload,
            "rows": rows[:500],
            "row_count": len(rows),
            "errors": errors,
            "can_confirm": upload.status == OneStopImport.Status.UPLOADED
            and not errors
            and can_manage(request.user, upload.agency_id),
        },
    )


@require_POST
def import_confirm(request, pk):
    upload = _readable(request, OneStopImport, pk)
    if not can_manage(request.user, upload.agency_id):
        raise PermissionDenied
    count, errors = imports.confirm(upload, request.user)
    if errors:
        messages.error(request, _("Nothing was imported: %(errors)s") % {"errors": " ".join(errors[:5])})
    else:
        messages.success(request, _("%(count)s rows were imported.") % {"count": count})
    return redirect("planning_import:preview", pk=upload.pk)


def statistic_open_nonconformity(request, pk):
    """A month's late dossiers of one procedure become a nonconformity (once): asked, then done on POST."""
    statistic = _readable(request, DossierStatistic, pk, select=("document", "department"))
    if not can_manage(request.user, statistic.agency_id):
        raise PermissionDenied
    if statistic.late == 0:
        messages.error(request, _("This procedure had no late dossiers that month."))
        return redirect("planning_statistic:index")
    existing = statistic.nonconformities.first()
    if existing:
        return redirect("planning_nonconformity:detail", pk=existing.pk)
    if request.method != "POST":
        return render(request, "planning/admin/open_nonconformity.html", {"statistic": statistic})
    nonconformity = Nonconformity(
        agency_id=statistic.agency_id,
        source=Nonconformity.Source.LATE_DOSSIERS,
        reported_on=timezone.localdate(),
        department_id=statistic.department_id,
        document=statistic.document,
        statistic=statistic,
        description=_("%(late)s dossier(s) of %(code)s – %(title)s were settled late in %(month)s.")
        % {
            "late": statistic.late,
            "code": statistic.document.code,
            "title": statistic.document.title,
            "month": f"{statistic.month:%m/%Y}",
        },
        recorded_by=request.user,
    )
    nonconformity._history_user = request.user
    nonconformity.save()
    messages.success(request, _("A nonconformity was opened for the late dossiers."))
    return redirect("planning_nonconformity:detail", pk=nonconformity.pk)


# Nonconformities ----------------------------------------------------------------------


def nonconformity_detail(request, pk, form=None, status=200):
    nonconformity = _readable(request, Nonconformity, pk, select=("department", "document", "corrective_action"))
    may_raise = can_manage(request.user, nonconformity.agency_id) and not nonconformity.corrective_action_id
    return render(
        request,
        "planning/admin/nonconformity_detail.html",
        {
            "nonconformity": nonconformity,
            "form": form or (RaiseActionForm(agency_id=nonconformity.agency_id) if may_raise else None),
            "may_edit": can_manage(request.user, nonconformity.agency_id),
        },
        status=status,
    )


@require_POST
def nonconformity_raise_action(request, pk):
    nonconformity = _readable(request, Nonconformity, pk)
    if not can_manage(request.user, nonconformity.agency_id):
        raise PermissionDenied
    form = RaiseActionForm(request.POST, agency_id=nonconformity.agency_id)
    if not form.is_valid():
        return nonconformity_detail(request, pk, form=form, status=400)
    try:
        action = nonconformity.open_corrective_action(
            request.user, owner=form.cleaned_data["owner"], due_date=form.cleaned_data["due_date"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Corrective action %(number)s was opened.") % {"number": action.number})
    return redirect("planning_nonconformity:detail", pk=pk)


# Risks -------------------------------------------------------------------------------------


def heat_map(request):
    agencies = list(dashboard_agencies(request.user))
    if not agencies:
        raise PermissionDenied
    chosen = request.GET.get("agency", "")
    agency = next((a for a in agencies if str(a.pk) == chosen), None)
    if agency is None:
        agency = next((a for a in agencies if a.pk == request.user.agency_id), agencies[0])
    scale, rows = performance.heat_map(agency.pk)
    return render(
        request,
        "planning/admin/heat_map.html",
        {
            "agency": agency,
            "agencies": agencies,
            "scale": range(1, scale + 1),
            "rows": rows,
            "risks": performance.top_risks(agency.pk, limit=100),
            "to_rerate": list(
                Risk.objects.filter(agency_id=agency.pk).awaiting_rerating().select_related("owner").order_by("pk")
            ),
        },
    )


# Management reviews --------------------------------------------------------------------------


def review_detail(request, pk, decision_form=None, sign_form=None, status=200):
    review = _readable(request, ManagementReview, pk, select=("chair", "signed_by", "agency"))
    prepare = can_prepare_review(request.user, review)
    chair = is_chair(request.user, review)
    decisions = list(review.decisions.select_related("owner").order_by("pk"))
    for decision in decisions:
        decision.may_close = decision.status == ReviewDecision.Status.OPEN and can_close_decision(
            request.user, decision, review
        )
    return render(
        request,
        "planning/admin/review_detail.html",
        {
            "review": review,
            "sections": minutes.sections(review.inputs) if review.inputs else [],
            "decisions": decisions,
            "can_gather": prepare,
            "decision_form": decision_form
            or (DecisionForm(agency_id=review.agency_id) if prepare and not review.is_signed else None),
            "sign_form": sign_form
            or (SignForm(request=request) if chair and not review.is_signed and review.inputs else None),
            "close_form": CloseDecisionForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_POST
def review_gather(request, pk):
    review = _readable(request, ManagementReview, pk)
    if not can_prepare_review(request.user, review):
        raise PermissionDenied
    review_inputs.gather_into(review, request.user)
    messages.success(request, _("The review's inputs were gathered from the records."))
    return redirect("planning_review:detail", pk=pk)


@require_POST
def review_add_decision(request, pk):
    review = _readable(request, ManagementReview, pk)
    if not can_prepare_review(request.user, review):
        raise PermissionDenied
    form = DecisionForm(request.POST, agency_id=review.agency_id)
    if not form.is_valid():
        return review_detail(request, pk, decision_form=form, status=400)
    decision = form.save(commit=False)
    decision.review = review
    decision.agency_id = review.agency_id
    decision._history_user = request.user
    decision.save()
    messages.success(request, _("The decision was recorded."))
    return redirect("planning_review:detail", pk=pk)


@require_POST
def review_close_decision(request, pk, decision_pk):
    review = _readable(request, ManagementReview, pk)
    decision = get_object_or_404(ReviewDecision, pk=decision_pk, review=review)
    if not can_close_decision(request.user, decision, review):
        raise PermissionDenied
    form = CloseDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was done."))
        return redirect("planning_review:detail", pk=pk)
    try:
        decision.close(request.user, form.cleaned_data["outcome"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The decision was closed."))
    return redirect("planning_review:detail", pk=pk)


@require_POST
def review_sign(request, pk):
    review = _readable(request, ManagementReview, pk)
    if not is_chair(request.user, review):
        raise PermissionDenied
    form = SignForm(request.POST, request=request)
    try:
        valid = form.is_valid()
    except AccountLocked:
        return locked_out(request)
    if not valid:
        return review_detail(request, pk, sign_form=form, status=400)
    try:
        review.sign(request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The minutes were signed; the review's inputs and decisions are now frozen."))
    return redirect("planning_review:detail", pk=pk)


def review_pdf(request, pk):
    review = _readable(request, ManagementReview, pk, select=("chair", "signed_by", "agency"))
    if not review.inputs:
        raise Http404
    response = HttpResponse(minutes.minutes_pdf(review), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-xem-xet-lanh-dao-{review.held_on:%Y-%m-%d}.pdf"'
    return response
