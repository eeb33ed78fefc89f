from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Internal audits")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        register_with_core()


def register_with_core():
    """What internal audits plug into the core (qms.registry)."""
    from audits import notices, roles
    from qms import registry

    roles.register()
    notices.register()
    registry.add_daily_duty("audits.reminders.remind_overdue_owners")
    # Evidence stored before files were hashed gets its SHA-256 at re-keying.
    registry.add_stored_file_model("audits.EvidenceFile", hash_missing_at_rekey=True)
    registry.add_stored_file_model("audits.ActionEvidenceFile")
    registry.add_demo_builder("audits.demo.programme.build")
    # The district's programme, after the province's agencies and people (qms.demo.province).
    registry.add_demo_builder("audits.demo.province.build", order=registry.LATE)
    registry.add_portal_menu_item(_("Corrective actions"), "audits:action_list", order=20)
