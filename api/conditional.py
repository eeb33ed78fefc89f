"""Strong ETags for the API's answers, and 304 to a conditional GET whose tag still holds.

The idea of procedures/portal/validators.py: every record an answer shows
keeps its history, so the latest history id of each kind of record it shows
changes whenever the answer could. Only the rows the reader can see count:
those of the client's agency (or the person's agencies) and of the agencies
that share their documents, so a change in another agency leaves the tag
alone. The tag hashes those ids (read in **one** query, each id from the
newest history row backwards, before the answer is built), the request's full path (filters, page),
who reads (a client's agency and scopes, a person and their roles) and the
language. A revisit whose tag still holds gets 304 without the list being
read or rendered.

Wagtail pages keep no history row: their moves, publications and
unpublications are in Wagtail's page log, whose latest id is read too.
"""

import hashlib

from django.db import connection
from django.db.models import Q
from django.utils import translation
from django.utils.cache import parse_etags

from procedures.documents.readers import agencies_condition
from qms.roles import ALL

VERSION = "2"

# How a model's history rows reach their agency: the tag of a reader of some agencies looks only at the rows of
# those agencies and of the agencies that share their documents province-wide. A model not named here (the
# agencies themselves: whether one shares its documents concerns everyone) counts wherever it changes.
AGENCY_PATHS = {
    "procedures.Issue": "document__library__agency",
    "procedures.PeriodicReview": "document__library__agency",
    "procedures.Adoption": "agency",
    "procedures.DocumentType": "agency",
    "procedures.ExternalDocument": "agency",
    "qms.Department": "agency",
    "audits.Audit": "programme__agency",
    "audits.Finding": "audit__programme__agency",
    "audits.CorrectiveAction": "agency",
}
# A person's own account and roles (what they read depends on them); nobody else's.
PERSON_PATHS = {"qms.User": "id", "qms.RoleGrant": "user"}


def _latest(queryset, column):
    """(sql, params) of the latest ``column`` of these rows: walked from the newest, it stops at the first."""
    return queryset.order_by(f"-{column}").values(column)[:1].query.sql_with_params()


def _scoped(model, agencies, user_id):
    rows = model.history.all()
    label = model._meta.label
    if label in PERSON_PATHS:
        return rows.filter(**{PERSON_PATHS[label]: user_id}) if user_id is not None else rows
    if label in AGENCY_PATHS and agencies != ALL:
        return rows.filter(agencies_condition(agencies, AGENCY_PATHS[label]))
    return rows


def state(models, agencies=ALL, user_id=None):
    """The latest history id of each of these models (and of the page log), counting only the rows of these
    agencies (and the shared ones), in one query."""
    from wagtail.models import PageLogEntry

    from procedures.models import ControlledDocumentPage

    parts = [_latest(_scoped(model, agencies, user_id), "history_id") for model in models]
    log = PageLogEntry.objects.all()
    if agencies != ALL:
        documents = ControlledDocumentPage.objects.filter(agencies_condition(agencies, "library__agency"))
        # A document's page, or a page that is no document (a library, a section: its move concerns everyone).
        log = log.filter(Q(page__in=documents.values("pk")) | ~Q(page__in=ControlledDocumentPage.objects.values("pk")))
    parts.append(_latest(log, "id"))
    sql = "SELECT " + ", ".join(f"({part_sql})" for part_sql, _params in parts)
    params = [param for _sql, part_params in parts for param in part_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
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
        state(models, reader.etag_agencies(), None if reader.client is not None else reader.user.pk),
    )
    return '"a1-' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


def matches(request, tag):
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    return tag in parse_etags(header) or header.strip() == "*"
