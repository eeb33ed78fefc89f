from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from qms import converters

# Before any URL pattern is built (routable pages build theirs when their model is defined).
converters.register()


def sync_roles_after_migrate(sender, app_config=None, using="default", apps=None, **kwargs):
    from django.apps import apps as global_apps

    from qms.roles import sync_roles
    from qms.seed import ensure_base_data

    # post_migrate fires once per app, after every migration has run; a flush
    # sends it too, with no app registry, after emptying every table. Act on the
    # last app's signal, once every app has its content types again.
    last = [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    if apps is None:
        # A flush emptied every table but the cache table: what was cached
        # describes rows that are gone.
        from django.core.cache import caches

        caches["default"].clear()
        ensure_base_data()
    else:
        from qms.seed import ensure_agencies, name_sites

        sync_roles(apps)
        ensure_agencies()
        name_sites()


def guard_tables_after_migrate(sender, using="default", **kwargs):
    from django.apps import apps as global_apps

    from qms import db_guards

    # Once, after the last app: a migration that rebuilt a guarded table (SQLite) dropped its triggers.
    last = [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label == last.label:
        db_guards.ensure_all(using)


class QmsConfig(AppConfig):
    name = "qms"
    verbose_name = _("Quality management system")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="qms.sync_roles")
        post_migrate.connect(guard_tables_after_migrate, dispatch_uid="qms.guard_tables")
        # client_address registers its check, notifications the core's notification kinds.
        from qms import (  # noqa: F401
            agencies,
            chain,
            client_address,
            daily,
            demo,
            forms,
            integrity,
            notifications,
            prepared,
            spreadsheets,
        )

        # The core's own daily duties and demo part; the apps add theirs in their ready().
        daily.register()
        demo.register()

        chain.connect()
        agencies.connect()
        prepared.connect()
        forms.refuse_out_of_range_choices()
        spreadsheets.guard_wagtail_exports()
