"""Each agency's QMS in a few numbers: the rows of the province's dashboard.

Every indicator is computed for all the agencies at once, with a constant
number of queries whatever their number (aggregates grouped by agency, joined
here in Python): the agencies, the current documents, the overdue periodic
reviews (counted by the database), the internal audits done this year, the open and the overdue
corrective actions, the declarations in force, and what the management
review sources registered with qms.registry ask.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.module_loading import import_string

from audits.models import Audit, CorrectiveAction
from procedures.control.periodic_review import latest_base_before, still_valid_reviews
from procedures.models import Issue
from province.models import Declaration
from qms import registry
from qms.models import Agency, AgencyLevel


@dataclass
class AgencyIndicators:
    agency: Agency
    district: Agency | None = None
    documents_current: int = 0
    reviews_overdue: int = 0
    audits_done: int = 0
    management_review: object = None  # the date it was held this year, or None (unknown)
    actions_open: int = 0
    actions_overdue: int = 0
    declaration: Declaration | None = None
    extra: dict = field(default_factory=dict)

    @property
    def audit_done(self):
        return self.audits_done > 0


@dataclass
class Totals:
    agencies: int = 0
    documents_current: int = 0
    reviews_overdue: int = 0
    audits_done: int = 0  # agencies with an internal audit done this year
    management_reviews: int = 0
    actions_open: int = 0
    actions_overdue: int = 0
    declared: int = 0


def districts_of(agencies):
    """{agency id: its district agency or None}, from agencies already loaded (no query)."""
    by_id = {agency.pk: agency for agency in agencies}
    result = {}
    for agency in agencies:
        current, seen = agency, set()
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            if current.level == AgencyLevel.DISTRICT:
                break
            current = by_id.get(current.parent_id)
        result[agency.pk] = current if current is not None and current.level == AgencyLevel.DISTRICT else None
    return result


def grouped(queryset, key, **aggregates):
    """{key value: {name: value}} of an aggregate grouped by ``key`` (one query)."""
    rows = queryset.order_by().values(key).annotate(**aggregates)
    return {row[key]: row for row in rows}


def _reviews_overdue(agency_ids, today):
    """({agency id: current documents}, {agency id: those whose periodic review is overdue}), in three queries.

    The database counts: for each review interval in use (a handful), an issue
    is overdue when its base date is on or before the interval's cut-off
    (procedures.control.periodic_review.latest_base_before). No issue row
    comes back to Python, whatever the number of documents.
    """
    current = Issue.objects.current().filter(document__library__agency_id__in=agency_ids).order_by()
    documents = grouped(current, "document__library__agency_id", n=Count("document_id", distinct=True))
    interval = Coalesce(
        NullIf("document__review_interval_months", 0), "document__document_type__review_interval_months"
    )
    in_force = current.filter(document__withdrawn_at=None).annotate(interval=interval)
    months_in_use = set(in_force.values_list("interval", flat=True).distinct())
    overdue_condition = Q()
    for months in months_in_use:
        cutoff = latest_base_before(today, months)
        later_review = still_valid_reviews().filter(issue=OuterRef("pk"), reviewed_on__gt=cutoff)
        overdue_condition |= Q(interval=months, effective_date__lte=cutoff) & ~Exists(later_review)
    overdue = (
        grouped(in_force.filter(overdue_condition), "document__library__agency_id", n=Count("pk"))
        if months_in_use
        else {}
    )
    return (
        {agency_id: row["n"] for agency_id, row in documents.items()},
        {agency_id: row["n"] for agency_id, row in overdue.items()},
    )


def management_reviews(agency_ids, year):
    """{agency id: date} from the sources apps registered (qms.registry.set_management_review_source)."""
    held = {}
    for path in registry.management_review_sources():
        for agency_id, date in (import_string(path)(agency_ids, year) or {}).items():
            held.setdefault(agency_id, date)
    return held


def indicators(agencies=None, today=None):
    """An AgencyIndicators per agency (the active ones by default, by name), in constant queries.

    ``agencies`` may be a queryset or a list; districts are found among every
    agency of the province (loaded once).
    """
    today = today or timezone.localdate()
    every_agency = list(Agency.objects.order_by("agency_name", "pk"))
    if agencies is None:
        chosen = [agency for agency in every_agency if agency.is_active]
    else:
        wanted = {getattr(agency, "pk", agency) for agency in agencies}
        chosen = [agency for agency in every_agency if agency.pk in wanted]
    districts = districts_of(every_agency)
    ids = [agency.pk for agency in chosen]

    documents, overdue_reviews = _reviews_overdue(ids, today)
    audits = grouped(
        Audit.objects.filter(
            programme__agency_id__in=ids,
            programme__year=today.year,
            status__in=[Audit.Status.REPORTED, Audit.Status.CLOSED],
        ),
        "programme__agency_id",
        n=Count("pk"),
    )
    actions = CorrectiveAction.objects.filter(agency_id__in=ids)
    open_actions = grouped(actions.exclude(status=CorrectiveAction.Status.CLOSED), "agency_id", n=Count("pk"))
    overdue_actions = grouped(actions.overdue(today), "agency_id", n=Count("pk"))
    declarations = {d.agency_id: d for d in Declaration.objects.declared().filter(agency_id__in=ids)}
    reviews = management_reviews(ids, today.year)

    rows = []
    for agency in chosen:
        rows.append(
            AgencyIndicators(
                agency=agency,
                district=districts[agency.pk],
                documents_current=documents.get(agency.pk, 0),
                reviews_overdue=overdue_reviews.get(agency.pk, 0),
                audits_done=audits.get(agency.pk, {}).get("n", 0),
                management_review=reviews.get(agency.pk),
                actions_open=open_actions.get(agency.pk, {}).get("n", 0),
                actions_overdue=overdue_actions.get(agency.pk, {}).get("n", 0),
                declaration=declarations.get(agency.pk),
            )
        )
    return rows


def totals(rows):
    return Totals(
        agencies=len(rows),
        documents_current=sum(r.documents_current for r in rows),
        reviews_overdue=sum(r.reviews_overdue for r in rows),
        audits_done=sum(1 for r in rows if r.audit_done),
        management_reviews=sum(1 for r in rows if r.management_review),
        actions_open=sum(r.actions_open for r in rows),
        actions_overdue=sum(r.actions_overdue for r in rows),
        declared=sum(1 for r in rows if r.declaration is not None),
    )
