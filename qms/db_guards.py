"""The database's own refusal to delete or rewrite records kept for good.

qms.immutable refuses in Python; these triggers refuse the same in SQL, so
that raw SQL, a database console and Django's deletion collector (which
deletes without calling ``delete()``) are refused too. Guarded tables:

- every table of an :class:`~qms.immutable.AppendOnly` model (issues,
  signatures, voided signatures, acknowledgements, review outcomes,
  verifications of effectiveness): no DELETE; no UPDATE of any column but
  the model's MUTABLE_FIELDS (an issue's status columns);
- every history table (simple-history, through qms.history): no DELETE, no
  UPDATE.

Per guarded table two triggers, ``keep_<table>_delete`` and
``keep_<table>_update``. On PostgreSQL both call the plpgsql function
``qms_refuse_change()`` (SQLSTATE 23001, restrict_violation: Django raises
IntegrityError); the UPDATE trigger compares the row without its mutable
columns, so a column added later is guarded at once. On SQLite they
``RAISE(ABORT, ...)`` (IntegrityError too); the UPDATE trigger of an issue
lists the fixed columns as the table has them when the trigger is made.

Installed by a migration of each app (procedures 0010, audits 0004, qms 0012)
and checked again after every ``migrate`` (post_migrate, idempotent): on
SQLite, a migration that rebuilds a table drops its triggers, and this puts
them back. ``tests/qms/test_db_guards.py`` fails when a guarded table lacks
its triggers.

Emptying a whole database
    PostgreSQL's ``flush`` empties tables with TRUNCATE, which fires no row
    trigger. SQLite's ``flush`` runs ``DELETE FROM``: the DELETE triggers of
    SQLite let it through only while the table ``qms_flush_permit`` holds a
    row, and only the ``flush`` command (qms/management/commands/flush.py,
    used by the test runner between transactional tests) writes one, inside
    the transaction that empties the database, so no other connection ever
    sees it. No code path of the application writes that table.

Restoring an archive
    qms_restore loads the archive into a freshly migrated, empty database
    (it refuses any other). The fixture loader inserts, then fills in the
    references it could only resolve later (natural keys) with an UPDATE of
    the whole row, which the history guards refuse: :func:`lifted_for_restore`
    drops the guards for that load and puts them back in the same
    transaction, so a failed restore leaves them in place.
"""

import hashlib
from contextlib import contextmanager

from django.db import connections, transaction

PERMIT_TABLE = "qms_flush_permit"
FUNCTION = "qms_refuse_change"
MESSAGE = "records kept for good are never deleted or rewritten"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0
       AND (to_jsonb(NEW) - TG_ARGV::text[]) = (to_jsonb(OLD) - TG_ARGV::text[]) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% on %: {MESSAGE}', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$
"""


def trigger_name(table, operation):
    name = f"keep_{table}_{operation}"
    if len(name) > 63:  # PostgreSQL's identifier limit
        name = f"keep_{table[:40]}_{hashlib.sha256(table.encode()).hexdigest()[:8]}_{operation}"
    return name


def _quote(connection, name):
    return connection.ops.quote_name(name)


def _columns(connection, table):
    with connection.cursor() as cursor:
        return [column.name for column in connection.introspection.get_table_description(cursor, table)]


def _sqlite_statements(connection, table, mutable_columns):
    q = _quote(connection, table)
    abort = f"SELECT RAISE(ABORT, '{table}: {MESSAGE}')"
    unless_flushing = f"WHEN NOT EXISTS (SELECT 1 FROM {PERMIT_TABLE})"  # noqa: S608 - a constant table name
    statements = [
        f"CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} (id integer PRIMARY KEY)",
        f'CREATE TRIGGER IF NOT EXISTS "{trigger_name(table, "delete")}" BEFORE DELETE ON {q} '
        f"{unless_flushing} BEGIN {abort}; END",
    ]
    when = ""
    if mutable_columns:
        fixed = [c for c in _columns(connection, table) if c not in mutable_columns]
        when = "WHEN " + " OR ".join(f"OLD.{_quote(connection, c)} IS NOT NEW.{_quote(connection, c)}" for c in fixed)
    statements.append(
        f'CREATE TRIGGER IF NOT EXISTS "{trigger_name(table, "update")}" BEFORE UPDATE ON {q} {when} BEGIN {abort}; END'
    )
    return statements


def _postgres_statements(connection, table, mutable_columns):
    q = _quote(connection, table)
    arguments = ", ".join(f"'{c}'" for c in sorted(mutable_columns))
    statements = [POSTGRES_FUNCTION]
    for operation, arguments_ in (("delete", ""), ("update", arguments)):
        name = _quote(connection, trigger_name(table, operation))
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {q}",
            f"CREATE TRIGGER {name} BEFORE {operation.upper()} ON {q} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}({arguments_})",
        ]
    return statements


def install(connection, table, mutable_columns=()):
    """Guard ``table``: refuse DELETE, and UPDATE of any column not in ``mutable_columns``."""
    builders = {"sqlite": _sqlite_statements, "postgresql": _postgres_statements}
    if connection.vendor not in builders:
        return
    with connection.cursor() as cursor:
        for statement in builders[connection.vendor](connection, table, set(mutable_columns)):
            cursor.execute(statement)


def remove(connection, table):
    """Drop the guard of ``table`` (a migration's reverse; a test that plays an intruder with owner rights)."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        for operation in ("delete", "update"):
            name = _quote(connection, trigger_name(table, operation))
            on = f" ON {_quote(connection, table)}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")


def installed(connection):
    """The names of the guard triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'keep\\_%' ESCAPE '\\'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'keep\\_%'")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def guarded_tables(app_models):
    """(table, mutable columns) of each guarded model among ``app_models``."""
    from qms.history import ChainedHistoricalModel
    from qms.immutable import AppendOnly

    for model in app_models:
        if model._meta.proxy or not model._meta.managed:
            continue
        if issubclass(model, AppendOnly):
            yield model._meta.db_table, {model._meta.get_field(name).column for name in model.MUTABLE_FIELDS}
        elif issubclass(model, ChainedHistoricalModel):
            yield model._meta.db_table, set()


def install_tables(schema_editor, tables):
    """For a migration: guard ``tables`` (table name -> its mutable columns)."""
    for table, mutable_columns in tables.items():
        install(schema_editor.connection, table, mutable_columns)


def remove_tables(schema_editor, tables):
    for table in tables:
        remove(schema_editor.connection, table)


def ensure_all(using="default"):
    """After migrate: put back any guard trigger missing (e.g. a table rebuilt by SQLite)."""
    from django.apps import apps

    connection = connections[using]
    present = installed(connection)
    existing = set(connection.introspection.table_names())
    for table, mutable_columns in guarded_tables(apps.get_models()):
        if table in existing and {trigger_name(table, "delete"), trigger_name(table, "update")} - present:
            install(connection, table, mutable_columns)


@contextmanager
def lifted_for_restore(using="default"):
    """For qms_restore only (an empty database): no guard while the archive loads, in one transaction."""
    from django.apps import apps

    connection = connections[using]
    with transaction.atomic(using=using):
        for table, _mutable in guarded_tables(apps.get_models()):
            remove(connection, table)
        yield
        ensure_all(using)
