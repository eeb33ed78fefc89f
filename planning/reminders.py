"""Daily duty: remind owners of review decisions due within a week or overdue, the
owners of entered objectives whose period closes within a week without a result, and
the owners of risks whose treatment actions are all closed, to re-rate them.

Each reminder is a notification keyed by the day, so a second run the same
day creates nothing; qms_daily sends them in each person's digest.
"""

import datetime

from django.utils.text import Truncator

from planning.models import DataSource, ManagementReview, QualityObjective, ReviewDecision, Risk
from planning.models.objectives import period_end, period_label
from planning.notices import DECISION_DUE, RESULT_DUE, RISK_RERATE
from qms.notifications import notify

WARNING_DAYS = 7


def remind_owners(today, stdout):
    soon = today + datetime.timedelta(days=WARNING_DAYS)
    reminded = 0
    decisions = ReviewDecision.objects.filter(
        status=ReviewDecision.Status.OPEN, due_date__lte=soon, review__status=ManagementReview.Status.SIGNED
    ).select_related("owner", "review")
    for decision in decisions:
        reminded += len(
            notify(
                [decision.owner],
                DECISION_DUE,
                {
                    "review": decision.review_id,
                    "decision": decision.pk,
                    "held": decision.review.held_on.strftime("%d/%m/%Y"),
                    "due": decision.due_date.strftime("%d/%m/%Y"),
                    "text": Truncator(decision.text).chars(120),
                },
                key=f"{DECISION_DUE}:{decision.pk}:{today.isoformat()}",
                email=False,
            )
        )
    objectives = (
        QualityObjective.objects.filter(year=today.year, data_source=DataSource.ENTERED)
        .select_related("owner")
        .prefetch_related("results")
    )
    for objective in objectives:
        entered = {result.period_start for result in objective.results.all()}
        for start in objective.periods():
            end = period_end(start, objective.frequency)
            if start in entered or not today <= end <= soon:
                continue
            reminded += len(
                notify(
                    [objective.owner],
                    RESULT_DUE,
                    {
                        "objective": objective.pk,
                        "indicator": objective.indicator,
                        "period": period_label(start, objective.frequency),
                        "end": end.strftime("%d/%m/%Y"),
                    },
                    key=f"{RESULT_DUE}:{objective.pk}:{start.isoformat()}:{today.isoformat()}",
                    email=False,
                )
            )
    for risk in Risk.objects.awaiting_rerating().select_related("owner"):
        reminded += len(
            notify(
                [risk.owner],
                RISK_RERATE,
                {"risk": risk.pk, "description": Truncator(risk.description).chars(120)},
                key=f"{RISK_RERATE}:{risk.pk}:{today.isoformat()}",
                email=False,
            )
        )
    stdout.write(f"  planning: {reminded} reminder(s)")
