import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qms import restore_drill


class Command(BaseCommand):
    help = (
        "Restore drill: pg_dump the database and copy every stored object, restore both into a scratch database "
        "and a scratch bucket (or directory), then check there every file's SHA-256 and verify_integrity. "
        "Exits 1 on any mismatch. The configured database and storage are only read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep", action="store_true", help="Keep the backup, scratch database and storage.")
        parser.add_argument("--workdir", help="Where the backup is written (default: a new temporary directory).")
        # Internal: the checking step, run by the drill in a process configured with the scratch ones only.
        parser.add_argument("--check-restored", metavar="MANIFEST", help="(internal)")

    def handle(self, *args, keep=False, workdir=None, check_restored=None, **options):
        if check_restored:
            report = restore_drill.Report()
            manifest = json.loads(Path(check_restored).read_text(encoding="utf-8"))
            restore_drill.check_restored(manifest, report)
            self.stdout.write(json.dumps({"lines": report.lines, "problems": report.problems}, ensure_ascii=False))
            return
        try:
            report = restore_drill.run(keep=keep, workdir=workdir)
        except restore_drill.DrillError as exc:
            raise CommandError(f"Restore drill failed: {exc}") from exc
        for line in report.lines:
            self.stdout.write(line)
        if report.problems:
            for line in report.problems:
                self.stderr.write(line)
            raise CommandError(f"Restore drill FAILED: {len(report.problems)} problem(s); first: {report.problems[0]}")
        self.stdout.write(self.style.SUCCESS("Restore drill PASSED: the backup restores and everything verifies."))
