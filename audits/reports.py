"""The audit report PDF (báo cáo đánh giá nội bộ) and the .xlsx logs the
secretary keeps: findings log and corrective action log."""

from collections import Counter

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audits import clauses
from audits.models import CorrectiveAction, Finding
from qms.pdf import render_pdf
from qms.spreadsheets import xlsx_bytes

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def agency(audit):
    return audit.programme.agency


def report_context(audit):
    findings = list(
        audit.findings.select_related("clause", "department", "document").prefetch_related("clause__corresponds_to")
    )
    by_kind = Counter(f.kind for f in findings)
    by_clause = Counter(f.clause for f in findings if f.clause)
    return {
        "agency": agency(audit),
        "audit": audit,
        "departments": list(audit.departments.all()),
        "clauses": [(c, clauses.counterpart_label(c)) for c in audit.clauses.prefetch_related("corresponds_to")],
        "auditors": audit.auditors,
        "findings": [(f, clauses.cite(f.clause)) for f in findings],
        "counts_by_kind": [(label, by_kind.get(value, 0)) for value, label in Finding.Kind.choices],
        "counts_by_clause": sorted(((clauses.cite(c), n) for c, n in by_clause.items()), key=lambda row: row[0]),
        "actions": list(
            CorrectiveAction.objects.filter(finding__audit=audit)
            .select_related("finding", "owner")
            .order_by("year", "sequence")
        ),
        "heads": [d.head for d in audit.departments.all() if d.head],
        "printed_on": timezone.localdate(),
    }


def audit_report_pdf(audit, language="vi"):
    return render_pdf("pdf/audit_report.html", report_context(audit), language=language)


def findings_xlsx(findings, language="vi", agency=None):
    """The findings log, headed by ``agency``; headers in Vietnamese unless another language is asked for."""
    with translation.override(language):
        return _findings_xlsx(findings, agency)


def _findings_xlsx(findings, agency):
    headers = [
        _("Finding number"),
        _("Audit"),
        _("Type"),
        _("Clause"),
        _("Corresponding clause"),
        _("Department"),
        _("Document concerned"),
        _("Description"),
        _("Evidence"),
        _("Corrective action"),
        _("Action status"),
    ]
    rows = []
    for f in findings:
        action = f.corrective_action_or_none
        rows.append(
            [
                f.number,
                f.audit.number,
                f.get_kind_display(),
                f"{f.clause.number} {f.clause.title}" if f.clause else "",
                clauses.counterpart_label(f.clause),
                f.department.name,
                f.document.title if f.document else "",
                f.description,
                f.evidence,
                action.number if action else "",
                action.get_status_display() if action else "",
            ]
        )
    return xlsx_bytes(_("Internal audit findings log"), headers, rows, agency=agency, name=_("Findings"))


def actions_xlsx(actions, today=None, language="vi", agency=None):
    """The corrective action log, headed by ``agency``; headers in Vietnamese unless another language is asked for."""
    with translation.override(language):
        return _actions_xlsx(actions, today, agency)


def _actions_xlsx(actions, today, agency):
    today = today or timezone.localdate()
    headers = [
        _("Request number"),
        _("Source"),
        _("Finding"),
        _("Department"),
        _("Nonconformity"),
        _("Correction"),
        _("Root cause"),
        _("Corrective action plan"),
        _("Owner"),
        _("Due date"),
        _("Implementation evidence"),
        _("Similar nonconformities checked"),
        _("Status"),
        _("Overdue"),
        _("Verified by"),
        _("Verified on"),
        _("Effectiveness"),
    ]
    rows = []
    for a in actions:
        last = a.verifications.order_by("-pk").first()
        rows.append(
            [
                a.number,
                a.get_source_display(),
                a.finding.number if a.finding else "",
                a.department.name,
                a.nonconformity,
                a.correction,
                a.root_cause,
                a.action_plan,
                str(a.owner),
                a.due_date,
                a.implementation,
                a.similar_checked,
                a.get_status_display(),
                _("yes") if a.is_overdue(today) else "",
                str(last.verifier) if last else "",
                last.verified_on if last else None,
                (_("effective") if last.effective else _("not effective")) if last else "",
            ]
        )
    return xlsx_bytes(
        _("Corrective action log"), headers, rows, agency=agency, name=_("Corrective actions"), made_on=today
    )
