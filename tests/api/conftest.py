import pytest
from django.db import transaction

from tests.api.helpers import build_province, draft_and_past


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    """The province, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_province()
            built["draft"], built["scheduled"], built["revised"], built["superseded"] = draft_and_past(built["a"])
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
