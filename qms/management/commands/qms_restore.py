from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from qms.archive import ArchiveError, restore_archive


class Command(BaseCommand):
    help = "Rebuild an empty database and the media files from a qms_archive file, then verify the trail."

    def add_arguments(self, parser):
        parser.add_argument("source")

    def handle(self, *args, source, **options):
        call_command("migrate", verbosity=0)
        try:
            manifest = restore_archive(source)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        call_command("verify_integrity", stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(self.style.SUCCESS(f"Restored {len(manifest['files'])} files from {source}."))
