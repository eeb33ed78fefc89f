"""The yearly report as people read it: the same sections for the portal page,
the PDF (official administrative layout, templates/pdf/yearly_report.html) and
the .docx, and the province's summary table (.xlsx).

Every figure comes from the frozen ``report.figures``; only the labels are
translated at rendering, in the document's language (Vietnamese by default).
"""

import datetime
from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audits.models import Audit, Finding
from qms.pdf import render_pdf
from qms.spreadsheets import xlsx_bytes

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENT_OVERSEER = "Sở Khoa học và Công nghệ"


def _date(iso):
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _audit_dates(audit):
    """When the audit was held (started – reported), or planned if it has not started."""
    if audit.get("started_on"):
        return " – ".join(d for d in (_date(audit["started_on"]), _date(audit.get("reported_on"))) if d)
    return f"{_date(audit['planned_start'])} – {_date(audit['planned_end'])}"


def title_lines(year):
    return (
        _("REPORT"),
        _(
            "Situation of building, applying, maintaining and improving the quality management system "
            "according to TCVN ISO 9001 in %(year)s"
        )
        % {"year": year},
    )


def number_line(report):
    code = (report.figures.get("agency", {}).get("code") or report.agency.code or "").upper()
    number = report.number or "\u2026\u2026"
    return _("No.: %(number)s/BC-%(code)s") % {"number": number, "code": code}


def place_date_line(report):
    place = report.place or "\u2026\u2026"
    if report.signed_at:
        day = timezone.localtime(report.signed_at).date()
        return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
            "place": place,
            "day": f"{day.day:02d}",
            "month": f"{day.month:02d}",
            "year": day.year,
        }
    drafted = timezone.localtime(report.generated_at).year if report.generated_at else timezone.localdate().year
    return _("%(place)s, day … month … year %(year)s") % {"place": place, "year": drafted}


def sections(report):
    """[{"title", "paragraphs", "tables": [{"caption", "headers", "rows"}]}], numbered I., II., III."""
    f = report.figures
    docs = f.get("documents", {})
    cr = f.get("change_requests", {})
    findings = f.get("findings", {})
    actions = f.get("actions", {})
    audit_status = dict(Audit.Status.choices)
    kind_labels = dict(Finding.Kind.choices)

    documents_table = {
        "caption": "",
        "headers": [_("No."), _("Content"), _("Number")],
        "rows": [
            [i, label, value]
            for i, (label, value) in enumerate(
                [
                    (_("Documents issued in the year"), docs.get("issued", 0)),
                    (_("of which new documents"), docs.get("new", 0)),
                    (_("of which revisions of documents"), docs.get("revised", 0)),
                    (_("Documents current at the end of the year"), docs.get("current_at_year_end", 0)),
                    (_("Documents withdrawn in the year"), docs.get("withdrawn", 0)),
                    (_("Change requests raised"), cr.get("raised", 0)),
                    (_("Change requests closed"), cr.get("closed", 0)),
                    (_("Periodic reviews of documents done"), f.get("periodic_reviews", 0)),
                ],
                start=1,
            )
        ],
    }
    audits = f.get("audits", [])
    audits_table = {
        "caption": _("1. Internal audits held"),
        "headers": [_("No."), _("Audit number"), _("Audit title"), _("Dates"), _("Status"), _("Findings")],
        "rows": [
            [
                i,
                a["number"],
                a["title"],
                _audit_dates(a),
                str(audit_status.get(a["status"], a["status"])).capitalize(),
                a.get("findings", 0),
            ]
            for i, a in enumerate(audits, start=1)
        ],
    }
    findings_table = {
        "caption": _("2. Audit findings by kind"),
        "headers": [_("No."), _("Kind of finding"), _("Number")],
        "rows": [
            [i, str(label).capitalize(), findings.get(kind, 0)]
            for i, (kind, label) in enumerate(kind_labels.items(), start=1)
        ]
        + [["", _("Total"), findings.get("total", 0)]],
    }
    actions_table = {
        "caption": _("3. Corrective actions"),
        "headers": [_("No."), _("Content"), _("Number")],
        "rows": [
            [1, _("Corrective actions raised in the year"), actions.get("raised", 0)],
            [2, _("Corrective actions closed in the year"), actions.get("closed", 0)],
            [
                3,
                _("Corrective actions overdue on %(date)s") % {"date": _date(f.get("as_of"))},
                actions.get("overdue", 0),
            ],
        ],
    }
    auditors_table = {
        "caption": _("4. Internal auditors of the agency"),
        "headers": [_("No."), _("Full name"), _("Job title"), _("Department")],
        "rows": [[i, a["name"], a["job_title"], a["department"]] for i, a in enumerate(f.get("auditors", []), start=1)],
    }
    return [
        {
            "title": _("I. BUILDING AND APPLYING THE SYSTEM: ITS DOCUMENTS"),
            "paragraphs": [],
            "tables": [documents_table],
        },
        {
            "title": _("II. MAINTAINING AND IMPROVING THE SYSTEM"),
            "paragraphs": [] if audits else [_("No internal audit was held in the year.")],
            "tables": [audits_table, findings_table, actions_table, auditors_table],
            "after": [
                _("Training of internal auditors:"),
                report.auditor_training or _("(none entered)"),
            ],
        },
        {
            "title": _("III. ASSESSMENT AND PROPOSALS"),
            "paragraphs": [report.assessment or _("(none entered)")],
            "tables": [],
        },
    ]


def recipients(report):
    superior = report.figures.get("agency", {}).get("superior_body") or report.agency.superior_body
    lines = [RECIPIENT_OVERSEER]
    if superior:
        lines.append(superior)
    lines.append(_("Filed: records office, ISO secretary"))
    return lines


def document_context(report):
    agency = report.figures.get("agency") or {
        "name": report.agency.agency_name,
        "superior_body": report.agency.superior_body,
        "code": report.agency.code,
    }
    return {
        "report": report,
        "agency_header": agency,
        "nation": NATION,
        "motto": MOTTO,
        "number_line": number_line(report),
        "place_date_line": place_date_line(report),
        "title_lines": title_lines(report.year),
        "sections": sections(report),
        "recipients": recipients(report),
        "signer_title": _("HEAD OF THE AGENCY"),
        "signer_name": report.signed_by.get_full_name() if report.signed_by else "",
        "esign_line": (
            _("Signed electronically on %(date)s · SHA-256 %(hash)s")
            % {
                "date": timezone.localtime(report.signed_at).strftime("%d/%m/%Y %H:%M"),
                "hash": report.content_sha256[:16],
            }
            if report.is_signed
            else _("DRAFT – not signed")
        ),
    }


def report_pdf(report, language="vi"):
    with translation.override(language):
        context = document_context(report)
    return render_pdf("pdf/yearly_report.html", context, language=language)


def report_docx(report, language="vi"):
    with translation.override(language):
        return _docx(document_context(report))


def _docx(ctx):
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def para(cell_or_doc, text, *, bold=False, italic=False, underline=False, center=False, size=None):
        paragraphs = cell_or_doc.paragraphs
        # A table cell starts with one empty paragraph: the first line goes there.
        fresh_cell = hasattr(cell_or_doc, "_tc") and len(paragraphs) == 1 and not paragraphs[0].runs
        p = paragraphs[0] if fresh_cell else cell_or_doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    agency = ctx["agency_header"]
    if agency.get("superior_body"):
        para(left, agency["superior_body"].upper(), center=True, size=12)
    para(left, agency["name"].upper(), bold=True, center=True, size=12)
    para(left, ctx["number_line"], center=True, size=12)
    para(right, ctx["nation"], bold=True, center=True, size=12)
    para(right, ctx["motto"], bold=True, underline=True, center=True, size=13)
    para(right, ctx["place_date_line"], italic=True, center=True, size=13)

    heading, subtitle = ctx["title_lines"]
    para(doc, heading, bold=True, center=True, size=14)
    para(doc, subtitle, bold=True, center=True, size=13)

    for sec in ctx["sections"]:
        para(doc, sec["title"], bold=True)
        for text in sec["paragraphs"]:
            para(doc, text)
        for table in sec["tables"]:
            if table["caption"]:
                para(doc, table["caption"], bold=True)
            grid = doc.add_table(rows=1, cols=len(table["headers"]))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, table["headers"], strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(str(text)).bold = True
            for row in table["rows"]:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = str(value)
        for text in sec.get("after", []):
            para(doc, text)

    footer = doc.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    para(left, _("Recipients:"), bold=True, italic=True, size=12)
    for line in ctx["recipients"]:
        para(left, "- " + line, size=11)
    para(right, ctx["signer_title"], bold=True, center=True)
    para(right, ctx["esign_line"], italic=True, center=True, size=10)
    if ctx["signer_name"]:
        para(right, ctx["signer_name"], bold=True, center=True)

    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


SUMMARY_FIELDS = [
    ("documents", "issued"),
    ("documents", "new"),
    ("documents", "revised"),
    ("documents", "current_at_year_end"),
    ("documents", "withdrawn"),
    ("change_requests", "raised"),
    ("change_requests", "closed"),
    (None, "periodic_reviews"),
    (None, "audits"),
    ("findings", "major_nc"),
    ("findings", "minor_nc"),
    ("findings", "observation"),
    ("findings", "ofi"),
    ("actions", "raised"),
    ("actions", "closed"),
    ("actions", "overdue"),
    (None, "auditors"),
]


def summary_headers():
    return [
        _("Agency"),
        _("Report status"),
        _("Signed on"),
        _("Documents issued"),
        _("New documents"),
        _("Revised documents"),
        _("Documents current at year end"),
        _("Documents withdrawn"),
        _("Change requests raised"),
        _("Change requests closed"),
        _("Periodic reviews"),
        _("Internal audits"),
        _("Major nonconformities"),
        _("Minor nonconformities"),
        _("Observations"),
        _("Opportunities for improvement"),
        _("Corrective actions raised"),
        _("Corrective actions closed"),
        _("Corrective actions overdue"),
        _("Internal auditors"),
    ]


def summary_value(figures, group, key):
    if not figures:
        return ""
    value = figures.get(key) if group is None else figures.get(group, {}).get(key)
    return len(value) if isinstance(value, list) else value


def province_summary_xlsx(rows, year, language="vi", agency=None):
    """rows: [(agency, report or None, status label)], one per agency; headed by ``agency`` (the overseer's)."""
    with translation.override(language):
        lines = []
        for reporting, report, status_label in rows:
            figures = report.figures if report else {}
            lines.append(
                [
                    reporting.agency_name,
                    status_label,
                    timezone.localtime(report.signed_at).date() if report and report.signed_at else "",
                    *(summary_value(figures, group, key) for group, key in SUMMARY_FIELDS),
                ]
            )
        return xlsx_bytes(
            _("Summary of the agencies' ISO 9001 reports, year %(year)s") % {"year": year},
            summary_headers(),
            lines,
            agency=agency,
            name=_("Summary %(year)s") % {"year": year},
        )
