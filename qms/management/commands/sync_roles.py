from django.apps import apps
from django.core.management.base import BaseCommand

from qms.roles import sync_roles


class Command(BaseCommand):
    help = "Bring the five role groups back to exactly the permissions of qms/roles.py."

    def handle(self, *args, **options):
        for name, group in sync_roles(apps).items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
