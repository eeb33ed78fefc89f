"""Planning and review: quality objectives, process performance from the one-stop shop,
nonconformities from every source, risks and opportunities, the management review
and the leader's dashboard (docs/planning.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning and management review")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        register_with_core()


def register_with_core():
    """What planning plugs into the core (qms.registry)."""
    from planning import notices, roles
    from qms import registry

    roles.register()
    notices.register()
    registry.add_daily_duty("planning.reminders.remind_owners")
    registry.track_model("planning.OneStopImport", mutable_fields=("status", "rows", "errors", "imported_at"))
    registry.track_model("planning.DossierStatistic")
    registry.add_restore_guard("planning.QualityObjective")
    registry.set_management_review_source("planning.sources.reviews_held")
    registry.set_quality_objectives_source("planning.sources.objectives_cited")
    # After the Sở Nội vụ's library, audits and people (procedures, audits demo builders).
    registry.add_demo_builder("planning.demo.build", order=registry.LATE)
