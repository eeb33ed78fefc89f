"""Matrix rows of the province's pages (/tinh/): the yearly QMS report. The walk's people all
belong to the first agency: its secretary prepares, its approver signs, the superuser reads
every agency's reports (and the province's year page) but neither prepares nor signs."""

from django.utils import timezone

from province.models import YearlyReport
from tests.qms.factories import PASSWORD, first_agency
from tests.qms.matrix import Effect, Post, Row, became, portal, post_only

YEAR = timezone.localdate().year
READERS = ("secretary", "approver", "superuser")


def report(o):
    """The first agency's draft report of the year (made by the first row that needs it)."""
    from province.yearly.figures import compute_figures

    agency = first_agency()
    found, _created = YearlyReport.objects.get_or_create(
        agency=agency, year=YEAR, defaults={"figures": compute_figures(agency, YEAR)}
    )
    return found


def report_params(o):
    return {"agency_id": report(o).agency_id, "year": YEAR}


def the_report(o, user):
    return YearlyReport.objects.filter(pk=report(o).pk)


def regenerated():
    return Effect(
        lambda o, user: list(the_report(o, user).values_list("generated_at", flat=True)),
        lambda before, after: after != before,
    )


def previous_year(o, user):
    return YearlyReport.objects.filter(agency=first_agency(), year=YEAR - 1)


PREFIX = "tinh/bao-cao/"
DETAIL = PREFIX + "co-quan/<id:agency_id>/<int:year>/"

ROWS = {
    PREFIX: Row(get=portal(*READERS)),
    PREFIX + "tao/": Row(
        get=post_only(),
        post=Post(
            portal("secretary"),
            lambda o: {"agency": first_agency().pk, "year": YEAR - 1},
            Effect(lambda o, user: previous_year(o, user).count(), lambda before, after: after == before + 1),
        ),
    ),
    PREFIX + "<int:year>/": Row(get=portal("superuser"), params=lambda o: {"year": YEAR}),
    PREFIX + "<int:year>/tong-hop.xlsx": Row(get=portal("superuser"), params=lambda o: {"year": YEAR}),
    DETAIL: Row(get=portal(*READERS), params=report_params),
    DETAIL + "tao/": Row(
        get=post_only(),
        post=Post(portal("secretary"), lambda o: {}, regenerated()),
        params=report_params,
    ),
    DETAIL + "noi-dung/": Row(
        get=post_only(),
        post=Post(
            portal("secretary"),
            lambda o: {"assessment": "Hệ thống duy trì có hiệu lực"},
            became(the_report, "assessment", "Hệ thống duy trì có hiệu lực"),
        ),
        params=report_params,
    ),
    DETAIL + "ky/": Row(
        get=post_only(),
        post=Post(portal("approver"), lambda o: {"password": PASSWORD}, became(the_report, "status", "signed")),
        params=report_params,
    ),
    DETAIL + "bao-cao.pdf": Row(get=portal(*READERS), params=report_params),
    DETAIL + "bao-cao.docx": Row(get=portal(*READERS), params=report_params),
}
