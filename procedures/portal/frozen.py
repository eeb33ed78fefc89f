"""The frozen part of an issue's reading page, rendered once per (issue, language) and kept.

What an issue says and who signed it never change after it is created
(``procedures.models.issues``: only the status fields move, and a signature is
voided only while its round is still running, before any issue exists). So
the body and the signatures table are rendered once per language (their
headings and the meaning of each signature are translated) and kept in the
shared cache (``qms.cache``: written only after the request's transaction
commits). Everything that can change (the status stamp, the "Current" badge,
the amendment history, reviews, the reader's state, the header) is rendered
around it on every request. Past and current issues show the same frozen part.
"""

from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from procedures.models import SignatureMeaning

TEMPLATE = "procedures/includes/issue_frozen.html"
# Change when TEMPLATE (or what it shows) changes: entries of the old version are then never read.
VERSION = "2"
KEEP_SECONDS = 30 * 24 * 60 * 60


def cache_key(issue, language):
    """The issue's id with its body's hash and approval time: an id given again to another issue
    (a database restored from an older backup, a test database flushed between tests) never finds
    the first one's entry, in the shared cache or in this process."""
    approved = issue.approved_at.timestamp() if issue.approved_at else ""
    return f"issue-frozen:{VERSION}:{issue.pk}:{issue.body_sha256[:16]}:{approved}:{language}"


# The most recently read entries also in this process: they never change, so no server can hold a
# stale one (the shared cache's "nothing in process memory" rule is about values that change). Filled
# only once the request's transaction commits, like the shared cache.
LOCAL_ENTRIES = 200
_local = OrderedDict()


def _keep_locally(key, html):
    _local[key] = html
    _local.move_to_end(key)
    while len(_local) > LOCAL_ENTRIES:
        _local.popitem(last=False)


def frozen_body(issue):
    """The issue's body and signatures as HTML (rendered from the issue's frozen fields only)."""
    key = cache_key(issue, translation.get_language())
    html = _local.get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            signatures = list(issue.signatures.exclude(meaning=SignatureMeaning.WITHDRAWN))
            html = render_to_string(TEMPLATE, {"issue": issue, "signatures": signatures})
            cache.set(key, html, KEEP_SECONDS)
        transaction.on_commit(lambda: _keep_locally(key, html))
    return mark_safe(html)  # noqa: S308 - rendered by our template, which escapes all but the sanitised frozen body
