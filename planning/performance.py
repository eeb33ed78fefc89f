"""Figures computed from the records, each in a constant number of queries whatever the
number of procedures, months or objectives: on-time rates of the one-stop statistics
(per month, department, procedure), citizens' satisfaction of the surveys (per month,
procedure), objectives' values and achievement, actions by department, top risks, reading
completion. Used by the dashboard and the review's draft."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from planning.models import DataSource, DossierStatistic, QualityObjective, Risk, SatisfactionResult
from planning.models.objectives import achievement_percent, is_met, period_end, period_label
from planning.models.satisfaction import satisfaction_rate


def rate(on_time, late):
    settled = (on_time or 0) + (late or 0)
    return round(100 * on_time / settled, 1) if settled else None


def month_range(start, end):
    """The first days of the months from ``start``'s to ``end``'s."""
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def _totals(rows):
    return {
        "received": rows.get("received") or 0,
        "on_time": rows.get("on_time") or 0,
        "late": rows.get("late") or 0,
        "pending": rows.get("pending") or 0,
    }


SUMS = {"received": Sum("received"), "on_time": Sum("on_time"), "late": Sum("late"), "pending": Sum("pending")}


def on_time_by_month(agency_id, start, end):
    """[(month, totals dict with 'rate')] for every month of the period, empty months included; one query."""
    rows = (
        DossierStatistic.objects.filter(agency_id=agency_id, month__gte=start.replace(day=1), month__lte=end)
        .values("month")
        .annotate(**SUMS)
    )
    found = {row["month"]: _totals(row) for row in rows}
    result = []
    for month in month_range(start, end):
        totals = found.get(month, _totals({}))
        totals["rate"] = rate(totals["on_time"], totals["late"])
        result.append((month, totals))
    return result


def satisfaction_by_month(agency_id, start, end):
    """[(month, {"responses", "satisfied", "rate"})] for every month of the period; one query."""
    rows = (
        SatisfactionResult.objects.filter(agency_id=agency_id, month__gte=start.replace(day=1), month__lte=end)
        .values("month")
        .annotate(responses=Sum("responses"), satisfied=Sum("satisfied"))
    )
    found = {row["month"]: (row["responses"] or 0, row["satisfied"] or 0) for row in rows}
    result = []
    for month in month_range(start, end):
        responses, satisfied = found.get(month, (0, 0))
        result.append(
            (
                month,
                {"responses": responses, "satisfied": satisfied, "rate": satisfaction_rate(responses, satisfied)},
            )
        )
    return result


def least_satisfied_procedures(agency_id, start, end, limit=5):
    """The procedures with the lowest satisfaction rate over the period (one query)."""
    rows = (
        SatisfactionResult.objects.filter(agency_id=agency_id, month__gte=start.replace(day=1), month__lte=end)
        .values("document__code", "document__title")
        .annotate(responses=Sum("responses"), satisfied=Sum("satisfied"))
        .filter(responses__gt=0)
    )
    result = [
        {
            "code": row["document__code"],
            "title": row["document__title"],
            "responses": row["responses"],
            "satisfied": row["satisfied"],
            "rate": satisfaction_rate(row["responses"], row["satisfied"]),
        }
        for row in rows
    ]
    result.sort(key=lambda r: (r["rate"], r["code"]))
    return result[:limit]


def on_time_by_department(agency_id, start, end):
    rows = (
        DossierStatistic.objects.filter(agency_id=agency_id, month__gte=start.replace(day=1), month__lte=end)
        .values("department_id", "department__name")
        .annotate(**SUMS)
        .order_by("department__name")
    )
    return [
        {"department": row["department__name"], **_totals(row), "rate": rate(row["on_time"], row["late"])}
        for row in rows
    ]


def late_procedures(agency_id, start, end, limit=10):
    """The procedures with the most late dossiers in the period."""
    rows = (
        DossierStatistic.objects.filter(agency_id=agency_id, month__gte=start.replace(day=1), month__lte=end)
        .values("document_id", "document__code", "document__title")
        .annotate(**SUMS)
        .filter(late__gt=0)
        .order_by("-late", "document__code")[:limit]
    )
    return [
        {
            "code": row["document__code"],
            "title": row["document__title"],
            **_totals(row),
            "rate": rate(row["on_time"], row["late"]),
        }
        for row in rows
    ]


@dataclass
class ObjectiveStatus:
    objective: QualityObjective
    periods: list = field(default_factory=list)  # (label, value or None, met or None)
    latest: Decimal | None = None
    met: bool | None = None
    achievement: Decimal | None = None

    @property
    def label(self):
        return self.objective.indicator


def objectives_status(agency_id, year, today=None):
    """Each objective of the year with its value per period (entered or computed) and its latest achievement.

    Up to four queries: the objectives, their results, the one-stop sums and the survey sums per
    month and department.
    """
    today = today or timezone.localdate()
    objectives = list(
        QualityObjective.objects.filter(agency_id=agency_id, year=year)
        .select_related("department", "owner")
        .prefetch_related("results")
        .order_by("pk")
    )
    needs_one_stop = any(o.data_source == DataSource.ONE_STOP for o in objectives)
    monthly = {}
    if needs_one_stop:
        rows = (
            DossierStatistic.objects.filter(agency_id=agency_id, month__year=year)
            .values("month", "department_id")
            .annotate(on_time=Sum("on_time"), late=Sum("late"))
        )
        for row in rows:
            monthly[(row["month"], row["department_id"])] = (row["on_time"], row["late"])
    surveyed = {}
    if any(o.data_source == DataSource.SURVEY for o in objectives):
        rows = (
            SatisfactionResult.objects.filter(agency_id=agency_id, month__year=year)
            .values("month", "department_id")
            .annotate(responses=Sum("responses"), satisfied=Sum("satisfied"))
        )
        for row in rows:
            surveyed[(row["month"], row["department_id"])] = (row["responses"], row["satisfied"])
    statuses = []
    for objective in objectives:
        status = ObjectiveStatus(objective)
        entered = {r.period_start: r.value for r in objective.results.all()}
        for start in objective.periods():
            end = period_end(start, objective.frequency)
            if objective.data_source == DataSource.ONE_STOP:
                on_time = late = 0
                for (month, department_id), (ok, slow) in monthly.items():
                    if start <= month <= end and objective.department_id in (None, department_id):
                        on_time, late = on_time + ok, late + slow
                computed = rate(on_time, late)
                value = Decimal(str(computed)) if computed is not None else None
            elif objective.data_source == DataSource.SURVEY:
                responses = satisfied = 0
                for (month, department_id), (asked, pleased) in surveyed.items():
                    if start <= month <= end and objective.department_id in (None, department_id):
                        responses, satisfied = responses + asked, satisfied + pleased
                computed = satisfaction_rate(responses, satisfied)
                value = Decimal(str(computed)) if computed is not None else None
            else:
                value = entered.get(start)
            met = is_met(value, objective.target, objective.direction)
            status.periods.append((period_label(start, objective.frequency), value, met))
            if value is not None and start <= today:
                status.latest, status.met = value, met
        status.achievement = achievement_percent(status.latest, objective.target, objective.direction)
        statuses.append(status)
    return statuses


def actions_by_department(agency_id, today=None):
    """Open and overdue corrective actions per department (one query)."""
    from audits.models import CorrectiveAction

    today = today or timezone.localdate()
    open_statuses = CorrectiveAction.OPEN_STATUSES
    rows = (
        CorrectiveAction.objects.filter(agency_id=agency_id)
        .exclude(status=CorrectiveAction.Status.CLOSED)
        .values("department__name")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(status__in=open_statuses, due_date__lt=today)),
        )
        .order_by("department__name")
    )
    return [{"department": r["department__name"], "open": r["open"], "overdue": r["overdue"]} for r in rows]


def actions_by_status(agency_id, start=None, end=None):
    from audits.models import CorrectiveAction

    actions = CorrectiveAction.objects.filter(agency_id=agency_id)
    if start and end:
        actions = actions.filter(Q(raised_at__date__range=(start, end)) | ~Q(status=CorrectiveAction.Status.CLOSED))
    counts = dict(actions.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(str(label), counts.get(value, 0)) for value, label in CorrectiveAction.Status.choices]


def top_risks(agency_id, limit=5):
    risks = list(Risk.objects.filter(agency_id=agency_id).select_related("owner", "document"))
    risks.sort(key=lambda r: (-(r.residual_rating or r.rating), r.pk))
    return risks[:limit]


def heat_map(agency_id):
    """(scale, grid) where grid[impact][likelihood] counts the agency's risks (current rating); one query."""
    from planning.models.risks import level, risk_scale

    scale = risk_scale()
    counts = {
        (row["likelihood"], row["impact"]): row["n"]
        for row in Risk.objects.filter(agency_id=agency_id, kind=Risk.Kind.RISK)
        .values("likelihood", "impact")
        .annotate(n=Count("pk"))
    }
    rows = []
    for impact in range(scale, 0, -1):
        rows.append(
            (
                impact,
                [
                    (likelihood, counts.get((likelihood, impact), 0), level(likelihood * impact))
                    for likelihood in range(1, scale + 1)
                ],
            )
        )
    return scale, rows


def reading_completion(agency_id):
    """(confirmed, assigned) reading assignments of the agency's current issues (one query)."""
    from django.db.models import Exists, OuterRef

    from procedures.models import Acknowledgement, ReadingAssignment
    from procedures.models.issues import IssueStatus

    confirmed = Acknowledgement.objects.filter(issue_id=OuterRef("issue_id"), user_id=OuterRef("user_id"))
    totals = (
        ReadingAssignment.objects.required()
        .filter(issue__document__library__agency_id=agency_id, issue__status=IssueStatus.CURRENT)
        .annotate(done=Exists(confirmed))
        .aggregate(assigned=Count("pk"), confirmed=Count("pk", filter=Q(done=True)))
    )
    return totals["confirmed"], totals["assigned"]
