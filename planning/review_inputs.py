"""The inputs of a management review (ISO 9001:2015 9.3.2), gathered from the records
into the review's draft: audit results, corrective-action status, objectives'
achievement, process performance (on-time rates), complaints and other
nonconformities, risks, changes in external documents, and what became of the
previous review's decisions.

Stored as JSON in ``ManagementReview.inputs`` (plain numbers, codes and names,
no translated text: the template labels them), so the minutes say what the
records said when the inputs were gathered. A constant number of queries,
whatever the number of procedures, months or records.
"""

from django.db.models import Count, Q
from django.utils import timezone

from planning import performance
from planning.models import ManagementReview, Nonconformity, ReviewDecision
from planning.models.risks import level


def _audits(agency_id, start, end):
    from audits.models import Audit, Finding

    audits = list(
        Audit.objects.filter(programme__agency_id=agency_id, planned_start__lte=end, planned_end__gte=start)
        .order_by("planned_start", "pk")
        .values("pk", "number", "title", "status", "planned_start")
    )
    counts = {}
    for row in (
        Finding.objects.filter(audit_id__in=[a["pk"] for a in audits])
        .values("audit_id", "kind")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault(row["audit_id"], {})[row["kind"]] = row["n"]
    return [
        {
            "number": a["number"],
            "title": a["title"],
            "status": a["status"],
            "start": a["planned_start"].isoformat(),
            "findings": counts.get(a["pk"], {}),
        }
        for a in audits
    ]


def _external_changes(agency_id, start, end):
    from procedures.models import ExternalDocument

    rows = (
        ExternalDocument.objects.filter(agency_id=agency_id)
        .filter(Q(issue_date__range=(start, end)) | Q(effective_date__range=(start, end)))
        .order_by("issue_date", "pk")
        .values("number", "title", "status")
    )
    return [dict(r) for r in rows[:50]]


def _previous_decisions(review):
    previous = (
        ManagementReview.objects.filter(agency_id=review.agency_id, held_on__lt=review.held_on)
        .exclude(pk=review.pk)
        .order_by("-held_on", "-pk")
        .first()
    )
    if previous is None:
        return None
    decisions = ReviewDecision.objects.filter(review=previous).select_related("owner").order_by("pk")
    return {
        "held_on": previous.held_on.isoformat(),
        "decisions": [
            {
                "text": d.text,
                "owner": d.owner.get_full_name() or d.owner.get_username(),
                "due": d.due_date.isoformat(),
                "status": d.status,
                "outcome": d.outcome,
            }
            for d in decisions
        ],
    }


def gather(review, today=None):
    """The inputs of this review's period, as a JSON-ready dict."""
    today = today or timezone.localdate()
    agency_id, start, end = review.agency_id, review.period_start, review.period_end
    objectives = []
    for year in range(start.year, end.year + 1):
        for status in performance.objectives_status(agency_id, year, today=min(today, end)):
            objective = status.objective
            objectives.append(
                {
                    "year": objective.year,
                    "department": objective.department.name if objective.department else "",
                    "indicator": objective.indicator,
                    "target": objective.target_text,
                    "target_value": float(objective.target),
                    "latest": None if status.latest is None else float(status.latest),
                    "met": status.met,
                    "achievement": None if status.achievement is None else float(status.achievement),
                }
            )
    months = performance.on_time_by_month(agency_id, start, end)
    nonconformities = (
        Nonconformity.objects.filter(agency_id=agency_id, reported_on__range=(start, end))
        .values("source")
        .annotate(n=Count("pk"), with_action=Count("corrective_action"))
    )
    risks = performance.top_risks(agency_id, limit=10)
    return {
        "audits": _audits(agency_id, start, end),
        "actions": [[label, n] for label, n in performance.actions_by_status(agency_id, start, end)],
        "actions_by_department": performance.actions_by_department(agency_id, today),
        "objectives": objectives,
        "on_time": [
            {
                "month": month.isoformat(),
                "received": t["received"],
                "on_time": t["on_time"],
                "late": t["late"],
                "pending": t["pending"],
                "rate": t["rate"],
            }
            for month, t in months
        ],
        "on_time_by_department": performance.on_time_by_department(agency_id, start, end),
        "late_procedures": performance.late_procedures(agency_id, start, end),
        "satisfaction": [
            {"month": month.isoformat(), **figures}
            for month, figures in performance.satisfaction_by_month(agency_id, start, end)
            if figures["responses"]
        ],
        "least_satisfied": performance.least_satisfied_procedures(agency_id, start, end),
        "nonconformities": {row["source"]: [row["n"], row["with_action"]] for row in nonconformities},
        "risks": [
            {
                "description": r.description,
                "kind": r.kind,
                "rating": r.rating,
                "level": r.level,
                "residual": r.residual_rating,
                "residual_level": level(r.residual_rating),
                "owner": r.owner.get_full_name() or r.owner.get_username(),
            }
            for r in risks
        ],
        "external_documents": _external_changes(agency_id, start, end),
        "previous": _previous_decisions(review),
        "gathered_on": today.isoformat(),
    }


def gather_into(review, user, today=None):
    """Refresh the draft's inputs (a signed review is never changed: ManagementReview.save refuses)."""
    review.inputs = gather(review, today=today)
    review.gathered_at = timezone.now()
    review._change_reason = "inputs gathered"
    review._history_user = user
    review.save()
    return review
