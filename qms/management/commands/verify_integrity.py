from django.core.management.base import BaseCommand, CommandError

from qms import integrity


class Command(BaseCommand):
    help = "Check the tamper-evident chain over issues, signatures and history rows; exit 1 naming what was altered."

    def handle(self, *args, **options):
        problems = integrity.verify()
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Integrity check failed: {len(problems)} problem(s); first: {problems[0]}")
        self.stdout.write(self.style.SUCCESS("Integrity check passed: the trail is intact."))
