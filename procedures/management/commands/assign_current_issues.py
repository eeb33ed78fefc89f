from django.core.management.base import BaseCommand

from procedures.control.acknowledging import assign_current_issues


class Command(BaseCommand):
    help = (
        "Give the current issues to read to the people who joined their distribution since they took effect "
        "(the daily duty). Without --full, only what changed since the last run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Look at every current issue.")

    def handle(self, *args, full=False, **options):
        assign_current_issues(stdout=self.stdout, full=True if full else None)
