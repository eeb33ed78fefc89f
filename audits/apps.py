from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Internal audits")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from audits import notices

        notices.register()
