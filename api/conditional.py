"""Strong ETags for the API's answers, and 304 to a conditional GET whose tag still holds.

The idea of procedures/portal/validators.py: every record an answer shows
keeps its history, so the latest history id of each kind of record it shows
changes whenever the answer could. The tag hashes those ids (read in **one**
query, before the answer is built), the request's full path (filters, page),
who reads (a client's agency and scopes, a person and their roles) and the
language. A revisit whose tag still holds gets 304 without the list being
read or rendered.

Wagtail pages keep no history row: their moves, publications and
unpublications are in Wagtail's page log, whose latest id is read too.
"""

import hashlib

from django.db import connection
from django.utils import translation
from django.utils.cache import parse_etags

VERSION = "1"
_SQL = {}


def _state_sql(models):
    from wagtail.models import PageLogEntry

    columns = [
        f"(SELECT MAX(history_id) FROM {model.history.model._meta.db_table})"  # noqa: S608 - names from the models
        for model in models
    ]
    columns.append(f"(SELECT MAX(id) FROM {PageLogEntry._meta.db_table})")  # noqa: S608
    return "SELECT " + ", ".join(columns)


def state(models):
    """The latest history id of each of these models (and of the page log), in one query."""
    key = tuple(model._meta.label for model in models)
    sql = _SQL.get(key)
    if sql is None:
        sql = _SQL[key] = _state_sql(models)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def reader_parts(reader):
    if reader.client is not None:
        client = reader.client
        return ("client", client.pk, client.agency_id, client.province_wide, tuple(client.scopes))
    return ("user", reader.user.pk, reader.user.is_superuser)


def etag(request, reader, models):
    parts = (
        VERSION,
        request.get_full_path(),
        translation.get_language(),
        reader_parts(reader),
        state(models),
    )
    return '"a1-' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


def matches(request, tag):
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    return tag in parse_etags(header) or header.strip() == "*"
