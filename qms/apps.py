from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles_after_migrate(sender, app_config=None, using="default", apps=None, **kwargs):
    from django.apps import apps as global_apps

    from qms.roles import sync_roles

    # post_migrate fires once per app, after every migration has run (and after
    # a flush, which passes no app registry).
    if sender.label == "qms":
        sync_roles(apps or global_apps)


class QmsConfig(AppConfig):
    name = "qms"
    verbose_name = _("Quality management system")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="qms.sync_roles")
        from qms import integrity

        integrity.connect()
