from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("Controlled documents")
    default_auto_field = "django.db.models.BigAutoField"
