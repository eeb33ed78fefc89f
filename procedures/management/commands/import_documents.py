import os

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from procedures.models import SectionPage
from procedures.wordio import drafts
from procedures.wordio.files import ImportRefused, entries_of
from procedures.wordio.preview import describe


class Command(BaseCommand):
    help = (
        "Import Word procedures (.docx, .doc, .odt, or a .zip of them, or a folder) into a library section "
        "as drafts, as the ISO secretary named. --dry-run shows what each file would become and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--section", required=True, help="The section's page id or slug.")
        parser.add_argument("--user", required=True, help="The ISO secretary's username.")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--not-in-force", action="store_true", help="The documents are not in force on paper: start at 1/0."
        )

    def handle(self, path, section, user, dry_run, not_in_force, **options):
        try:
            person = get_user_model().objects.get(username=user, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user {user!r}.") from None
        pages = (
            SectionPage.objects.filter(pk=int(section))
            if section.isdigit()
            else SectionPage.objects.filter(slug=section)
        )
        if pages.count() != 1:
            raise CommandError(f"No single library section {section!r}.")
        target = pages.get()
        entries = []
        names = [os.path.join(path, n) for n in sorted(os.listdir(path))] if os.path.isdir(path) else [path]
        try:
            for name in names:
                with open(name, "rb") as handle:
                    entries.extend(entries_of(os.path.basename(name), handle.read()))
            plans = drafts.plan(person, target, entries)
        except (ImportRefused, PermissionDenied) as refused:
            raise CommandError(str(refused)) from None
        for item in plans:
            self.stdout.write(describe(item))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        created = 0
        for item, page, error in drafts.create_drafts(person, target, plans, in_force=not not_in_force):
            if page is not None:
                created += 1
                self.stdout.write(f"{item.name}: draft {page.code} (page {page.pk})")
            else:
                self.stderr.write(f"{item.name}: {error}")
        self.stdout.write(f"{created} draft(s) created of {len(plans)} file(s).")
