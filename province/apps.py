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
