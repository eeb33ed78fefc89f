"""The yearly report's portal pages (/tinh/bao-cao/): the ISO secretary prepares,
the head of the agency signs, the overseer reads every agency's. Every view
checks on the server who may do what; another agency's report is not found."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procedures.lifecycle.signing import AccountLocked, SignForm, locked_out
from province.access import heading_agency
from province.models import YearlyReport
from province.yearly import render as output
from province.yearly import service
from province.yearly.forms import ReportTextsForm, YearForm
from qms import roles
from qms.models import Agency
from qms.spreadsheets import XLSX_TYPE


def _agency_for(request, agency_id):
    """The agency whose reports the person reads; others' are not found, one's own without a role is refused."""
    agency = get_object_or_404(Agency, pk=agency_id)
    if not service.can_read(request.user, agency):
        if request.user.agency_id == agency.pk:
            raise PermissionDenied
        raise Http404
    return agency


def _report(request, agency_id, year):
    agency = _agency_for(request, agency_id)
    return agency, YearlyReport.objects.filter(agency=agency, year=year).select_related("signed_by").first()


def report_list(request):
    """The reports of the agencies the person prepares, signs or oversees."""
    readable = service.readable_agencies(request.user)
    if not readable:
        raise PermissionDenied
    reports = YearlyReport.objects.select_related("agency", "signed_by")
    if readable != roles.ALL:
        reports = reports.filter(agency_id__in=readable)
    secretary_of = roles.agencies_with_role(request.user, roles.ISO_SECRETARY)
    # A superuser prepares nothing: the agency's secretary does (roles decide who prepares and signs).
    preparing = (
        Agency.objects.none()
        if secretary_of == roles.ALL
        else Agency.objects.filter(pk__in=secretary_of).order_by("agency_name")
    )
    return render(
        request,
        "province/report_list.html",
        {
            "reports": reports,
            "preparing": preparing,
            "year_form": YearForm(initial={"year": timezone.localdate().year}),
            "oversees": service.oversees(request.user),
            "this_year": timezone.localdate().year,
        },
    )


def report_detail(request, agency_id, year):
    agency, report = _report(request, agency_id, year)
    prepare = service.can_prepare(request.user, agency)
    if report is None and not prepare:
        raise Http404
    return _detail(request, agency, year, report)


def _detail(request, agency, year, report, *, texts_form=None, sign_form=None, status=200):
    prepare = service.can_prepare(request.user, agency)
    sign = service.can_sign(request.user, agency)
    editable = report is not None and not report.is_signed
    context = {
        "agency": agency,
        "year": year,
        "report": report,
        "can_prepare": prepare,
        "texts_form": texts_form or (ReportTextsForm(instance=report) if prepare and editable else None),
        "sign_form": sign_form or (SignForm(request=request) if sign and editable and report.figures else None),
    }
    if report is not None and report.figures:
        context.update(output.document_context(report))
    return render(request, "province/report_detail.html", context, status=status)


@require_POST
def generate(request, agency_id, year):
    agency = _agency_for(request, agency_id)
    if not service.can_prepare(request.user, agency):
        raise PermissionDenied
    form = YearForm({"year": year})
    if not form.is_valid():
        messages.error(request, form.errors["year"][0])
        return redirect("province:report_list")
    try:
        service.generate(agency, year, request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("province:report_list")
    messages.success(request, _("The figures of the %(year)s report were generated from the records.") % {"year": year})
    return redirect("province:report_detail", agency_id=agency.pk, year=year)


@require_POST
def generate_for_year(request):
    """The secretary's form on the list: a year for their own agency."""
    agencies = roles.agencies_with_role(request.user, roles.ISO_SECRETARY)
    agency_id = request.POST.get("agency")
    if agencies == roles.ALL or not agency_id or not agency_id.isdigit() or int(agency_id) not in agencies:
        raise PermissionDenied
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["year"][0])
        return redirect("province:report_list")
    return generate(request, int(agency_id), form.cleaned_data["year"])


@require_POST
def save_texts(request, agency_id, year):
    agency, report = _report(request, agency_id, year)
    if report is None:
        raise Http404
    if not service.can_prepare(request.user, agency):
        raise PermissionDenied
    if report.is_signed:
        messages.error(request, _("This report has been signed: it can no longer be changed."))
        return redirect("province:report_detail", agency_id=agency.pk, year=year)
    form = ReportTextsForm(request.POST, instance=report)
    if not form.is_valid():
        return _detail(request, agency, year, report, texts_form=form, status=400)
    form.save()
    messages.success(request, _("Saved."))
    return redirect("province:report_detail", agency_id=agency.pk, year=year)


@require_POST
def sign(request, agency_id, year):
    agency, report = _report(request, agency_id, year)
    if report is None:
        raise Http404
    if not service.can_sign(request.user, agency):
        raise PermissionDenied
    form = SignForm(request.POST, request=request)
    try:
        valid = form.is_valid()
    except AccountLocked:
        return locked_out(request)
    if not valid:
        return _detail(request, agency, year, report, sign_form=form, status=400)
    try:
        service.sign(report, request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("province:report_detail", agency_id=agency.pk, year=year)
    messages.success(request, _("The %(year)s report was signed; its figures are now frozen.") % {"year": year})
    return redirect("province:report_detail", agency_id=agency.pk, year=year)


def _filename(report, extension):
    return f"bao-cao-iso-{report.agency.code}-{report.year}.{extension}"


def download_pdf(request, agency_id, year):
    _agency, report = _report(request, agency_id, year)
    if report is None or not report.figures:
        raise Http404
    response = HttpResponse(output.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, _filename(report, "pdf"))
    return response


def download_docx(request, agency_id, year):
    _agency, report = _report(request, agency_id, year)
    if report is None or not report.figures:
        raise Http404
    response = HttpResponse(output.report_docx(report), content_type=output.DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _filename(report, "docx"))
    return response


def _year_rows(year):
    reports = {r.agency_id: r for r in YearlyReport.objects.filter(year=year).select_related("signed_by")}
    rows = []
    for agency in Agency.objects.active().order_by("agency_name"):
        report = reports.get(agency.pk)
        if report is None:
            state, label = "missing", _("missing")
        elif report.is_signed:
            state, label = "signed", _("signed")
        else:
            state, label = "draft", _("draft")
        rows.append((agency, report, state, label))
    return rows


def year_overview(request, year):
    """Every active agency's report for the year: signed, draft or missing (the overseer)."""
    if not service.oversees(request.user):
        raise PermissionDenied
    rows = _year_rows(year)
    return render(
        request,
        "province/year_overview.html",
        {
            "year": year,
            "rows": rows,
            "counts": {state: sum(1 for r in rows if r[2] == state) for state in ("signed", "draft", "missing")},
        },
    )


def year_summary_xlsx(request, year):
    if not service.oversees(request.user):
        raise PermissionDenied
    rows = [(agency, report, label) for agency, report, _state, label in _year_rows(year)]
    response = HttpResponse(
        output.province_summary_xlsx(rows, year, agency=heading_agency(request.user)), content_type=XLSX_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, f"tong-hop-bao-cao-iso-{year}.xlsx")
    return response
