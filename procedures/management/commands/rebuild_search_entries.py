from django.core.management.base import BaseCommand

from procedures.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the staff portal's search entries from the current issues."

    def handle(self, *args, **options):
        rebuild(stdout=self.stdout)
