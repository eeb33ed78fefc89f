from django.core.management.base import BaseCommand
from django.utils import timezone

from qms.archive import write_archive


class Command(BaseCommand):
    help = "Write everything needed to rebuild the system (data, media, checksums) to one .tar.gz file."

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", help="Where to write (default qms-archive-YYYYmmdd-HHMM.tar.gz).")

    def handle(self, *args, target=None, **options):
        target = target or f"qms-archive-{timezone.localtime():%Y%m%d-%H%M}.tar.gz"
        manifest = write_archive(target)
        self.stdout.write(self.style.SUCCESS(f"Archive written: {target} ({len(manifest['files'])} files)."))
