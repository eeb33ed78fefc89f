from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from qms import registry
from qms.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo agency (Sở Nội vụ tỉnh Vĩnh Long). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DEBUG off (a production database?). Use --force.")
        # The demo's workflow notifies its people; those messages go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for path in registry.demo_builders():
                import_string(path)(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self.stdout.write(
            "Demo users: thuky (ISO secretary), truongphong (department head), lanhdao (approver), "
            "danhgia and danhgia2 (internal auditors), nhanvien (staff); "
            f"password for all (demo only): {DEMO_PASSWORD}"
        )
