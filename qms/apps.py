from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles_after_migrate(sender, app_config=None, using="default", apps=None, **kwargs):
    from qms.roles import sync_roles

    # post_migrate fires once per app; the last app installed carries the full state.
    if sender.label == "qms" and apps is not None:
        sync_roles(apps)


class QmsConfig(AppConfig):
    name = "qms"
    verbose_name = _("Quality management system")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="qms.sync_roles")
        from qms import integrity

        integrity.connect()
