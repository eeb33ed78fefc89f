"""The management review's minutes (biên bản họp xem xét của lãnh đạo): the sections shown
on the review's admin page and printed in the PDF, each with its chart (planning.charts)
and its numbers as a table, read from the review's stored inputs; and the PDF itself
(qms.pdf, WeasyPrint), in the agency's layout (state header, signature block)."""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from planning import charts
from planning.models import Nonconformity
from planning.models.risks import LEVEL_LABELS
from qms.pdf import render_pdf

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _date(iso):
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _number(value):
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _met(met):
    return "—" if met is None else (_("met") if met else _("not met"))


def sections(inputs):
    """[{"title", "chart": (uri, alt) or None, "tables": [{"caption", "headers", "rows"}], "empty"}]."""
    from audits.models import Audit, Finding

    audit_status = dict(Audit.Status.choices)
    kinds = dict(Finding.Kind.choices)
    result = []

    audits = inputs.get("audits", [])
    result.append(
        {
            "title": _("1. Results of internal audits"),
            "tables": [
                {
                    "caption": "",
                    "headers": [_("Audit"), _("Title"), _("Start"), _("Status"), _("Findings")],
                    "rows": [
                        [
                            a["number"],
                            a["title"],
                            _date(a["start"]),
                            str(audit_status.get(a["status"], a["status"])).capitalize(),
                            ", ".join(f"{kinds.get(k, k)}: {n}" for k, n in sorted(a["findings"].items())) or "0",
                        ]
                        for a in audits
                    ],
                }
            ],
        }
    )

    by_department = inputs.get("actions_by_department", [])
    result.append(
        {
            "title": _("2. Status of corrective actions"),
            "chart": (
                charts.actions_by_department(by_department),
                _("Open and overdue corrective actions by department"),
            )
            if by_department
            else None,
            "tables": [
                {
                    "caption": _("By status"),
                    "headers": [_("Status"), _("Number")],
                    "rows": [[str(label).capitalize(), n] for label, n in inputs.get("actions", [])],
                },
                {
                    "caption": _("By department"),
                    "headers": [_("Department"), _("Open"), _("Overdue")],
                    "rows": [[r["department"], r["open"], r["overdue"]] for r in by_department],
                },
            ],
        }
    )

    objectives = inputs.get("objectives", [])
    result.append(
        {
            "title": _("3. Achievement of the quality objectives"),
            "chart": (
                charts.objectives([(o["indicator"], o["latest"], o["target_value"]) for o in objectives]),
                _("Quality objectives: latest result and target"),
            )
            if objectives
            else None,
            "tables": [
                {
                    "caption": "",
                    "headers": [
                        _("Year"),
                        _("Indicator"),
                        _("Department"),
                        _("Target"),
                        _("Latest result"),
                        _("Achievement (%)"),
                        _("Assessment"),
                    ],
                    "rows": [
                        [
                            o["year"],
                            o["indicator"],
                            o["department"] or _("whole agency"),
                            o["target"],
                            _number(o["latest"]),
                            _number(o["achievement"]),
                            _met(o["met"]),
                        ]
                        for o in objectives
                    ],
                }
            ],
        }
    )

    months = inputs.get("on_time", [])
    with_data = [m for m in months if m["received"] or m["on_time"] or m["late"] or m["pending"]]
    result.append(
        {
            "title": _("4. Process performance: dossiers of administrative procedures"),
            "chart": (
                charts.on_time_trend([(_date(m["month"])[3:], m["rate"]) for m in months]),
                _("On-time rate of dossiers (%)"),
            )
            if with_data
            else None,
            "tables": [
                {
                    "caption": _("By month"),
                    "headers": [_("Month"), _("Received"), _("On time"), _("Late"), _("Pending"), _("On time (%)")],
                    "rows": [
                        [
                            _date(m["month"])[3:],
                            m["received"],
                            m["on_time"],
                            m["late"],
                            m["pending"],
                            _number(m["rate"]),
                        ]
                        for m in with_data
                    ],
                },
                {
                    "caption": _("By department"),
                    "headers": [_("Department"), _("Received"), _("On time"), _("Late"), _("On time (%)")],
                    "rows": [
                        [d["department"], d["received"], d["on_time"], d["late"], _number(d["rate"])]
                        for d in inputs.get("on_time_by_department", [])
                    ],
                },
                {
                    "caption": _("Procedures with the most late dossiers"),
                    "headers": [_("Code"), _("Procedure"), _("Late"), _("On time (%)")],
                    "rows": [
                        [p["code"], p["title"], p["late"], _number(p["rate"])]
                        for p in inputs.get("late_procedures", [])
                    ],
                },
            ],
        }
    )

    sources = dict(Nonconformity.Source.choices)
    nonconformities = inputs.get("nonconformities", {})
    satisfaction = inputs.get("satisfaction", [])
    result.append(
        {
            "title": _("5. Citizens' satisfaction, complaints and other nonconformities"),
            "chart": (
                charts.satisfaction_trend([(_date(m["month"])[3:], m["rate"]) for m in satisfaction]),
                _("Citizens' satisfaction (%)"),
            )
            if satisfaction
            else None,
            "tables": [
                {
                    "caption": _("Satisfaction surveys by month"),
                    "headers": [_("Month"), _("Survey forms"), _("Satisfied"), _("Satisfied (%)")],
                    "rows": [
                        [_date(m["month"])[3:], m["responses"], m["satisfied"], _number(m["rate"])]
                        for m in satisfaction
                    ],
                },
                {
                    "caption": _("Procedures with the lowest satisfaction"),
                    "headers": [_("Code"), _("Procedure"), _("Survey forms"), _("Satisfied (%)")],
                    "rows": [
                        [p["code"], p["title"], p["responses"], _number(p["rate"])]
                        for p in inputs.get("least_satisfied", [])
                    ],
                },
                {
                    "caption": _("Complaints, citizen feedback and other nonconformities"),
                    "headers": [_("Source"), _("Number"), _("With a corrective action")],
                    "rows": [
                        [str(sources.get(source, source)).capitalize(), n, with_action]
                        for source, (n, with_action) in sorted(nonconformities.items())
                    ],
                },
            ],
        }
    )

    levels = {**LEVEL_LABELS, None: "—"}
    result.append(
        {
            "title": _("6. Risks and opportunities (TCVN ISO 9001:2015 6.1)"),
            "tables": [
                {
                    "caption": _("The highest-rated entries of the register"),
                    "headers": [_("Description"), _("Rating"), _("Residual rating"), _("Owner")],
                    "rows": [
                        [
                            r["description"],
                            f"{r['rating']} ({levels[r['level']]})",
                            f"{_number(r['residual'])} ({levels[r['residual_level']]})",
                            r["owner"],
                        ]
                        for r in inputs.get("risks", [])
                    ],
                }
            ],
        }
    )

    result.append(
        {
            "title": _("7. Changes in external documents"),
            "tables": [
                {
                    "caption": "",
                    "headers": [_("Number"), _("Title")],
                    "rows": [[d["number"], d["title"]] for d in inputs.get("external_documents", [])],
                }
            ],
        }
    )

    previous = inputs.get("previous")
    decision_status = {"open": _("open"), "done": _("done")}
    result.append(
        {
            "title": _("8. Follow-up of the previous review's decisions"),
            "tables": [
                {
                    "caption": _("Review of %(date)s") % {"date": _date(previous["held_on"])} if previous else "",
                    "headers": [_("Decision"), _("Owner"), _("Due"), _("Status"), _("Outcome")],
                    "rows": [
                        [
                            d["text"],
                            d["owner"],
                            _date(d["due"]),
                            decision_status.get(d["status"], d["status"]),
                            d["outcome"],
                        ]
                        for d in (previous or {}).get("decisions", [])
                    ],
                }
            ],
        }
    )
    return result


def stamp_texts(review, agency, printed_on):
    """(line printed at the foot of every page, diagonal stamp or ""), in the agency's wording as on
    its other printed copies (qms.Agency stamps): signed minutes printed are an uncontrolled copy
    with the SHA-256 of their signed content; a draft is stamped across every page."""
    date = printed_on.strftime("%d/%m/%Y")
    if review.is_signed:
        line = _("%(stamp)s – printed on %(date)s") % {"stamp": agency.stamp_uncontrolled, "date": date}
        return line + " – " + _("SHA-256 of the signed minutes: %(hash)s") % {"hash": review.content_sha256}, ""
    diagonal = _("DRAFT – NOT SIGNED")
    return diagonal + " – " + _("printed on %(date)s") % {"date": date}, diagonal


def document_context(review, printed_on=None):
    agency = review.agency
    held = review.held_on
    signer = review.signed_by
    stamp_line, diagonal = stamp_texts(review, agency, printed_on or timezone.localdate())
    return {
        "review": review,
        "agency_header": {"name": agency.agency_name, "superior_body": agency.superior_body},
        "stamp_line": stamp_line,
        "diagonal_stamp": diagonal,
        "nation": NATION,
        "motto": MOTTO,
        "place_date_line": _("%(place)s, day %(day)s month %(month)s year %(year)s")
        % {"place": review.place or "…", "day": f"{held.day:02d}", "month": f"{held.month:02d}", "year": held.year},
        "sections": sections(review.inputs),
        "decisions": list(review.decisions.select_related("owner").order_by("pk")),
        "chair_name": review.chair.get_full_name() or review.chair.get_username(),
        "esign_line": (
            _("Signed electronically on %(when)s")
            % {"when": timezone.localtime(review.signed_at).strftime("%d/%m/%Y %H:%M")}
            if signer
            else _("Draft: not signed")
        ),
    }


def minutes_pdf(review, language=None):
    language = language or translation.get_language() or "vi"
    with translation.override(language):
        context = document_context(review)
    return render_pdf("planning/pdf/minutes.html", context, language=language)
