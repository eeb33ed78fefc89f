"""The notifications planning sends, declared to the core from PlanningConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.notifications import register_kind

DECISION_DUE = "review_decision_due"
RESULT_DUE = "objective_result_due"


def decision_link(params):
    return reverse("planning_review:detail", args=[params["review"]])


def objective_link(params):
    return reverse("planning_objective:edit", args=[params["objective"]])


def register():
    register_kind(
        DECISION_DUE,
        label=_("A management review decision is due"),
        text=_("Decision of the management review of %(held)s, due %(due)s: %(text)s"),
        link=decision_link,
    )
    register_kind(
        RESULT_DUE,
        label=_("An objective's result is due"),
        text=_("Enter the result of “%(indicator)s” for %(period)s (the period closes on %(end)s)."),
        link=objective_link,
    )
