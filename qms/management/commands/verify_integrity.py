import os

from django.core.management.base import BaseCommand, CommandError

from qms import integrity


class Command(BaseCommand):
    help = (
        "Check the keyed tamper-evident chain, the live records against their history, the signed revisions and "
        "the stored files; exit 1 naming each record that was altered."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            metavar="HEX",
            help="A chain head published earlier (log, digest): fail unless the chain still contains it.",
        )
        parser.add_argument(
            "--rekey",
            action="store_true",
            help=(
                "Re-link the chain with QMS_INTEGRITY_KEY, after checking it as it is: unkeyed entries as plain "
                "SHA-256, keyed ones with QMS_INTEGRITY_OLD_KEY (a key rotation) or the current key."
            ),
        )

    def handle(self, *args, head=None, rekey=False, **options):
        if rekey:
            try:
                new_head = integrity.rekey(old_key=os.environ.get("QMS_INTEGRITY_OLD_KEY") or None)
            except integrity.RekeyRefused as exc:
                raise CommandError(f"Re-keying refused: {exc}") from exc
            self.stdout.write(self.style.SUCCESS(f"Chain re-keyed. New head, to publish: {new_head}"))
            return
        problems = integrity.verify(expected_head=head.strip().lower() if head else None)
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Integrity check failed: {len(problems)} problem(s); first: {problems[0]}")
        current, count = integrity.current_head()
        self.stdout.write(self.style.SUCCESS("Integrity check passed: the trail is intact."))
        self.stdout.write(f"Chain head: {current} ({count} entries)")
