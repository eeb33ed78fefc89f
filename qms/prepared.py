"""Server-side prepared statements for the few hand-written queries every reading page runs.

Django binds query parameters on the client, so psycopg never prepares a statement and PostgreSQL
plans every query each time it arrives. For an ORM query that costs little. The reading page's one
query (procedures.portal.validators: the document's issues, the ETag's state, the reader's
assignment, confirmation and rights) is different: it has some twenty subqueries, and planning it
takes three times as long as running it (EXPLAIN ANALYZE at 5,000 documents: 1.7 ms planning,
0.6 ms execution). Here such a query is PREPAREd once per database connection and EXECUTEd after.
PostgreSQL keeps the plan, and switches to a generic plan after five runs when that plan costs no
more.

Why our own code, twenty lines: psycopg prepares statements itself only with server-side binding.
Django turns that on for every query of the project (the ``server_side_binding`` option), which
changes how every ORM query is sent. Here it applies to named, hand-written queries only.

- The PREPARE is connection set-up, like the settings Django sends when it connects. It goes
  straight to the connection and is not in Django's query log. The EXECUTE is logged and counted
  as the query it is.
- A new connection (``connection_created``) and a migration (``pre_migrate``/``post_migrate``)
  forget what was prepared. A migration also deallocates it, since a plan outlives no schema.
- Prepared statements are not transactional: a rolled-back transaction keeps them.
- PgBouncer in transaction pooling mode needs ``max_prepared_statements`` (PgBouncer 1.21 and
  later) for this to work; docs/operations.md says so.
- On SQLite the query runs as written: the sqlite3 module keeps its compiled statements itself.
"""

import functools
import re

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


@functools.cache
def _translated(name, sql):
    """(parameter names in order, PREPARE statement, EXECUTE statement) of ``sql``: worked out once
    per statement, not on every request."""
    names = list(dict.fromkeys(_PLACEHOLDER.findall(sql)))
    body = _PLACEHOLDER.sub(lambda found: f"${names.index(found[1]) + 1}", sql)
    arguments = ", ".join(["%s"] * len(names))
    return names, f"PREPARE {name} AS {body}", f"EXECUTE {name}({arguments})"


def statement(connection, name, sql, params):
    """(sql, params) to run ``sql`` with its named parameters (``%(name)s``) on ``connection``:
    on PostgreSQL an EXECUTE of the statement ``name``, prepared on this connection if it was not
    yet; elsewhere ``sql`` and ``params`` as they are."""
    if not _NAME.match(name):
        raise ValueError(f"not a statement name: {name!r}")
    if connection.vendor != "postgresql":
        return sql, params
    names, prepare, execute = _translated(name, sql)
    connection = connections[connection.alias]  # the connection itself, not django.db's proxy of it
    prepared = connection.__dict__.setdefault("qms_prepared", set())
    if name not in prepared:
        connection.ensure_connection()
        connection.connection.execute(prepare)
        prepared.add(name)
    return execute, [params[key] for key in names]


def _forget(sender, connection, **kwargs):
    connection.qms_prepared = set()


def deallocate(sender=None, using="default", **kwargs):
    """Forget (and deallocate) every statement prepared on the connection ``using``: before and after
    a migration."""
    connection = connections[using]
    if connection.__dict__.get("qms_prepared") and connection.connection is not None:
        connection.connection.execute("DEALLOCATE ALL")
    connection.qms_prepared = set()


def connect():
    connection_created.connect(_forget, dispatch_uid="qms.prepared.forget")
    pre_migrate.connect(deallocate, dispatch_uid="qms.prepared.deallocate_before")
    post_migrate.connect(deallocate, dispatch_uid="qms.prepared.deallocate_after")
