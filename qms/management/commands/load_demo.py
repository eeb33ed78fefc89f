"""Load the demo agency: each app's builders (qms.registry.add_demo_builder), in order.

Mail. The demo's events notify its people as real ones would: qms.notifications
mails each step's signers at once, and Wagtail mails the requester of an
approved draft. The people are made up, so nothing may leave the machine. The
command does not switch the mail backend while it runs: that is
django.test's override_settings, a test tool, and Django's settings are not
meant to change at run time; and the demo cannot simply notify without mail,
because Wagtail's own workflow mails do not go through qms.notifications. Only
the mail backend sees every message, so the command runs only with one that
delivers to nobody (MAIL_GOES_NOWHERE): development's console (it prints
them), the tests' locmem, or, with DEBUG off (--force), the dummy backend
named in the environment: EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend.
`make run` loads the demo with the dummy backend, so that nothing is printed.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from qms import registry
from qms.demo import DEMO_PASSWORD

# Django's mail backends that deliver to nobody: they print, keep in memory, write to files, or drop.
MAIL_GOES_NOWHERE = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


class Command(BaseCommand):
    help = "Load the demo province of Vĩnh Long (the Sở Nội vụ first). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DEBUG off (a production database?). Use --force.")
        if settings.EMAIL_BACKEND not in MAIL_GOES_NOWHERE:
            raise CommandError(
                f"Refusing to load the demo with EMAIL_BACKEND={settings.EMAIL_BACKEND}: its made-up people would "
                "be mailed. Set EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend in the environment."
            )
        with transaction.atomic():
            for path in registry.demo_builders():
                import_string(path)(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self.stdout.write(
            "Demo users: thuky (ISO secretary), truongphong (department head), lanhdao (approver), "
            "danhgia and danhgia2 (internal auditors), nhanvien (staff) in the Sở Nội vụ; "
            "thuky_tinh, lanhdao_tinh (UBND tỉnh); thuky_tp, lanhdao_tp, danhgia_tp, nhanvien_tp (UBND thành phố); "
            "thuky_p1, lanhdao_p1, nhanvien_p1 (UBND phường 1); kiemtra (overseer, Sở KH&CN); "
            f"password for all (demo only): {DEMO_PASSWORD}"
        )
