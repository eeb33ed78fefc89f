"""DRF's exception handler, without its blanket rollback of the request's transaction.

DRF marks the request's transaction (ATOMIC_REQUESTS) for rollback on every
refusal it answers (401, 403, 404, 429 …). A refusal here has written nothing,
and the call's log row (api/views.py, one per call of a client) must still be
written; so the mark is put back as it was. A database error is no refusal:
it is not handled here and still rolls everything back.
"""

from django.db import connection
from rest_framework import views


def exception_handler(exc, context):
    before = connection.needs_rollback if connection.in_atomic_block else None
    response = views.exception_handler(exc, context)
    if before is not None:
        connection.needs_rollback = before
    return response
