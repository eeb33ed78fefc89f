"""The overseer's pages under /tinh/: the province's dashboard, one agency's indicators, a declaration's notice."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.models import AuditProgramme
from procedures.models import LibraryPage
from province import indicators
from province.access import DECLARATION_READERS, heading_agency, oversees
from province.models import Declaration
from qms import roles, storage
from qms.models import Agency, AgencyLevel
from qms.spreadsheets import xlsx_response


class DashboardFilter(forms.Form):
    """The level and district filters; a value that is not one of the choices is refused with a message."""

    level = forms.ChoiceField(label=gettext_lazy("Level"), required=False)
    district = forms.TypedChoiceField(label=gettext_lazy("District"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All levels")), *AgencyLevel.choices]
        self.fields["district"].choices = [("", _("All districts"))] + [(d.pk, d.agency_name) for d in districts]


def _require_overseer(request):
    if not oversees(request.user):
        raise PermissionDenied


def dashboard(request):
    _require_overseer(request)
    today = timezone.localdate()
    rows = indicators.indicators(today=today)
    districts = sorted({row.district for row in rows if row.district is not None}, key=lambda d: d.agency_name)
    form = DashboardFilter(request.GET or None, districts=districts)
    level = district = None
    if form.is_bound and form.is_valid():
        level = form.cleaned_data["level"] or None
        district = form.cleaned_data["district"]
    if level:
        rows = [row for row in rows if row.agency.level == level]
    if district:
        rows = [row for row in rows if row.district is not None and row.district.pk == district]
    if request.GET.get("export") == "xlsx":
        return export_xlsx(rows, today, agency=heading_agency(request.user))
    totals = indicators.totals(rows)
    return render(
        request,
        "province/dashboard.html",
        {
            "rows": rows,
            "totals": totals,
            "form": form,
            "year": today.year,
            "chart": chart(rows),
            "query": request.GET.urlencode() if form.is_bound and form.is_valid() else "",
        },
    )


CHART_BAR_HEIGHT = 14
CHART_ROW_HEIGHT = 3 * CHART_BAR_HEIGHT + 12
CHART_LABEL_WIDTH = 260
CHART_BAR_WIDTH = 420


def chart(rows):
    """Server-drawn bars (SVG) of each agency's current documents, overdue reviews and overdue actions."""
    largest = max([1, *(max(r.documents_current, r.reviews_overdue, r.actions_overdue) for r in rows)])
    series = [
        ("documents_current", "chart-bar chart-bar--documents"),
        ("reviews_overdue", "chart-bar chart-bar--reviews"),
        ("actions_overdue", "chart-bar chart-bar--actions"),
    ]
    bars = []
    for index, row in enumerate(rows):
        top = index * CHART_ROW_HEIGHT
        entry = {"label": row.agency.agency_name, "label_y": top + CHART_BAR_HEIGHT + 2, "bars": []}
        for position, (name, css) in enumerate(series):
            value = getattr(row, name)
            entry["bars"].append(
                {
                    "y": top + position * CHART_BAR_HEIGHT,
                    "width": round(CHART_BAR_WIDTH * value / largest),
                    "value": value,
                    "css": css,
                    "text_x": CHART_LABEL_WIDTH + round(CHART_BAR_WIDTH * value / largest) + 4,
                    "text_y": top + position * CHART_BAR_HEIGHT + CHART_BAR_HEIGHT - 3,
                }
            )
        bars.append(entry)
    return {
        "rows": bars,
        "height": max(1, len(rows)) * CHART_ROW_HEIGHT,
        "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 40,
        "label_width": CHART_LABEL_WIDTH,
        "bar_height": CHART_BAR_HEIGHT - 2,
    }


def declaration_text(declaration):
    if declaration is None:
        return _("Not declared")
    return _("Declared on %(date)s (%(number)s)") % {
        "date": declaration.decision_date.strftime("%d/%m/%Y"),
        "number": declaration.decision_number,
    }


def management_review_text(date):
    return date.strftime("%d/%m/%Y") if date else "—"


def export_xlsx(rows, today, agency=None):
    headers = [
        "Cơ quan",
        "Cấp",
        "Huyện",
        "Tài liệu đang hiệu lực",
        "Xem xét định kỳ quá hạn",
        f"Đánh giá nội bộ năm {today.year}",
        "Xem xét của lãnh đạo",
        "Hành động khắc phục đang mở",
        "Hành động khắc phục quá hạn",
        "Công bố HTQLCL phù hợp TCVN ISO 9001",
    ]
    lines = []
    for row in rows:
        declaration = row.declaration
        lines.append(
            [
                row.agency.agency_name,
                row.agency.get_level_display(),
                row.district.agency_name if row.district else "",
                row.documents_current,
                row.reviews_overdue,
                "Đã thực hiện" if row.audit_done else "Chưa thực hiện",
                management_review_text(row.management_review),
                row.actions_open,
                row.actions_overdue,
                f"Đã công bố ngày {declaration.decision_date:%d/%m/%Y} ({declaration.decision_number})"
                if declaration
                else "Chưa công bố",
            ]
        )
    totals = indicators.totals(rows)
    total = [
        [
            "Tổng cộng",
            "",
            "",
            totals.documents_current,
            totals.reviews_overdue,
            totals.audits_done,
            totals.management_reviews,
            totals.actions_open,
            totals.actions_overdue,
            totals.declared,
        ]
    ]
    return xlsx_response(
        f"tong-hop-iso-tinh-{today:%Y%m%d}",
        f"Tổng hợp tình hình áp dụng ISO 9001 của các cơ quan năm {today.year}",
        headers,
        lines,
        agency=agency,
        name="Tổng hợp ISO",
        totals=total,
        made_on=today,
    )


def agency_detail(request, pk):
    """One agency's indicators, with links to its library, register, audits and declarations."""
    _require_overseer(request)
    agency = get_object_or_404(Agency, pk=pk)
    today = timezone.localdate()
    row = indicators.indicators([agency], today=today)[0]
    library = LibraryPage.objects.filter(agency=agency).first()
    programme = AuditProgramme.objects.filter(agency=agency, year=today.year).first()
    links = []
    if library is not None and library.live:
        links.append((_("Library"), library.get_url(request)))
    links.append((_("Internal document list"), reverse("procedures_register")))
    audits_url = reverse("audits_audit:index")
    if programme is not None:
        audits_url += f"?programme={programme.pk}"
        links.append((_("Internal audit programme %(year)s") % {"year": today.year}, _programme_url(programme)))
    links.append((_("Audits"), audits_url))
    links.append((_("Declarations of conformity"), reverse("province_declarations:index")))
    declarations = Declaration.objects.filter(agency=agency).select_related("recorded_by")
    return render(
        request,
        "province/agency.html",
        {"row": row, "agency": agency, "links": links, "declarations": declarations, "year": today.year},
    )


def _programme_url(programme):
    try:
        return reverse("audits_programme:detail", args=[programme.pk])
    except NoReverseMatch:
        return ""


def notice_file(request, pk):
    """The stored notice of a declaration, to those who read the agency's declarations."""
    declaration = get_object_or_404(Declaration, pk=pk)
    agencies = roles.agencies_with_role(request.user, *DECLARATION_READERS)
    if agencies != roles.ALL and declaration.agency_id not in agencies:
        raise PermissionDenied
    if not declaration.notice_file:
        raise Http404
    try:
        return storage.file_response(
            declaration.notice_file, content_type="application/pdf", filename=f"cong-bo-{declaration.pk}.pdf"
        )
    except FileNotFoundError:
        raise Http404 from None
