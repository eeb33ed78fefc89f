"""What planning tells the other apps through the core: the province's dashboard the reviews held
(qms.registry.set_management_review_source), a document citing its quality objectives their live
achievement (qms.registry.set_quality_objectives_source)."""

from django.db.models import Max

from planning import performance
from planning.models import ManagementReview


def reviews_held(agency_ids, year):
    """{agency id: date of the last management review held in the year whose minutes are signed}; one query."""
    rows = (
        ManagementReview.objects.filter(
            agency_id__in=list(agency_ids), held_on__year=year, status=ManagementReview.Status.SIGNED
        )
        .values("agency_id")
        .annotate(last=Max("held_on"))
    )
    return {row["agency_id"]: row["last"] for row in rows}


def objectives_cited(agency_id, year):
    """The agency's objectives of the year with their current achievement, for a document citing them
    (qms.registry.set_quality_objectives_source); the queries of performance.objectives_status."""
    return [
        {
            "indicator": status.objective.indicator,
            "statement": status.objective.statement,
            "department": status.objective.department.name if status.objective.department else "",
            "target": status.objective.target_text,
            "latest": status.latest,
            "achievement": status.achievement,
            "met": status.met,
        }
        for status in performance.objectives_status(agency_id, year)
    ]
