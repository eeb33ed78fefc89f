"""The province: the overseer's view of every agency, declarations of conformity and the yearly report."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvinceConfig(AppConfig):
    name = "province"
    verbose_name = _("Province")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        register_with_core()


def register_with_core():
    """What the province's oversight plugs into the core (qms.registry)."""
    from province import roles
    from qms import registry

    roles.register()
    registry.add_restore_guard("province.Declaration")
    # After the agencies and people of the province demo (qms, procedures).
    registry.add_demo_builder("province.demo.build", order=registry.LAST)
    # The dashboard, in the menu of those who may open it.
    registry.add_portal_menu_item(_("Province"), "province:dashboard", order=60, shown_to="province.access.oversees")
    registry.add_portal_menu_item(
        _("Yearly QMS report"), "province:report_list", order=65, shown_to="province.yearly.service.reads_reports"
    )
