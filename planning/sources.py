"""What planning tells the province's dashboard (qms.registry.set_management_review_source)."""

from django.db.models import Max

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
