"""The rows a fresh database gets from migrations, made again after a flush.

Migrations create them once (the Wagtail root page and default site, the
clause catalogue, what the apps registered with qms.registry.add_base_data,
e.g. the document types and the approval workflow, the roles).
`manage.py flush`, which transactional tests run after each test, empties
every table and then sends post_migrate: this puts them back, the same way,
so the next test and a restored server start from the same baseline.
Every step is idempotent.
"""

from django.apps import apps


def ensure_wagtail_base():
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
        home = root.add_child(instance=Page(title="Trang chủ", slug="home", locale=locale, live=True))
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    name_sites()


def name_sites():
    """The admin names a site without a name by its host ("1 page created in localhost")."""
    from django.conf import settings
    from wagtail.models import Site

    Site.objects.filter(site_name="").update(site_name=settings.WAGTAIL_SITE_NAME)


def ensure_base_data():
    from django.contrib.contenttypes.models import ContentType
    from django.utils.module_loading import import_string

    from qms import registry
    from qms.clause_catalogue import load_clauses
    from qms.roles import sync_roles

    # The flush gave content types new ids; forget the ones cached in memory.
    ContentType.objects.clear_cache()
    ensure_wagtail_base()
    load_clauses(apps)
    for path in registry.base_data():
        import_string(path)(apps)
    sync_roles(apps)
    ensure_agencies()


def ensure_agencies():
    """The first agency (a fresh installation serves one), and what every agency needs."""
    from qms.agencies import set_up_agency
    from qms.models import Agency

    if not Agency.objects.exists():
        Agency.objects.create(code="so-noi-vu")  # its post_save sets it up
    for agency in Agency.objects.all():
        if not agency.history.exists():
            # Made by migration 0014, where no history is written: record it now (and so chain it).
            agency._change_reason = "The agency this installation served became its first agency."
            agency.save()
        set_up_agency(agency)
