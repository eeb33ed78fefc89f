"""Document codes: one proposal (or typed code) at a time per library."""

from django.db import connection


def lock_codes(library):
    """Hold the library's row until the transaction ends; nothing outside one needs it."""
    from procedures.models import LibraryPage

    if connection.in_atomic_block:
        list(LibraryPage.objects.select_for_update(of=("self",)).filter(pk=library.pk).values_list("pk", flat=True))


def code_taken(library, code, exclude_pk=None):
    from procedures.models import ControlledDocumentPage

    return ControlledDocumentPage.objects.filter(library=library, code=code).exclude(pk=exclude_pk).exists()
