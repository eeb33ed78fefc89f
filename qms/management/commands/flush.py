"""Django's flush, able to empty the tables the database guards (qms.db_guards).

On SQLite, flush empties each table with DELETE FROM, which the guard
triggers refuse; they let it through while qms_flush_permit holds a row. The
row is written and removed inside the transaction that empties the database,
so no other connection ever sees it. (PostgreSQL empties tables with
TRUNCATE, which fires no row trigger: nothing to do.)
"""

from django.core.management.commands import flush
from django.db import connections, transaction

from qms import db_guards


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=options["database"]):
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE TABLE IF NOT EXISTS {db_guards.PERMIT_TABLE} (id integer PRIMARY KEY)")
                cursor.execute(f"INSERT INTO {db_guards.PERMIT_TABLE} (id) VALUES (1)")  # noqa: S608
            try:
                return super().handle(**options)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {db_guards.PERMIT_TABLE}")  # noqa: S608
