"""The notifications planning sends, declared to the core from PlanningConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.notifications import register_kind

DECISION_DUE = "review_decision_due"
RESULT_DUE = "objective_result_due"
RISK_RERATE = "risk_rerating_due"


def decision_link(params):
    # The decision's own page: its owner may hold no planning role to open the review.
    if "decision" in params:
        return reverse("planning:decision_detail", args=[params["decision"]])
    return reverse("planning_review:detail", args=[params["review"]])


def objective_link(params):
    return reverse("planning_objective:edit", args=[params["objective"]])


def risk_link(params):
    # The risk's own page: its owner may hold no planning role to open the register.
    return reverse("planning:risk_detail", args=[params["risk"]])


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
    register_kind(
        RISK_RERATE,
        label=_("A risk is to be re-rated"),
        text=_("Every treatment action of the risk “%(description)s” is closed: record its residual rating."),
        link=risk_link,
    )
