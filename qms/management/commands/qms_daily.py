import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string

from qms import registry
from qms.notifications import send_daily_digests


class Command(BaseCommand):
    help = "Run the daily duties (scheduled publications, reminders). Meant for cron; safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Act as if today were this date (YYYY-MM-DD)."
        )

    def handle(self, *args, date=None, **options):
        today = date or timezone.localdate()
        for path in registry.daily_duties():
            import_string(path)(today, self.stdout)
        # Last, once every duty has added its reminders: one digest email per person.
        send_daily_digests(today, self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Daily duties done for {today:%d/%m/%Y}."))
