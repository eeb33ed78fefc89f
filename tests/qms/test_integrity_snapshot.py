"""The daily integrity check reads one snapshot of the database: someone's work committed while it
runs (a province's daily duty runs while people work) is not taken for tampering."""

import threading

import pytest
from django.db import connections

from qms import integrity
from qms.models import ChainEntry, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def someone_edits(pk):
    try:
        user = User.objects.get(pk=pk)
        user.full_name = "Nguyễn Văn Mới"
        user.save()  # a history row, so a chain entry and a new head
    finally:
        connections.close_all()


def test_work_committed_while_the_check_runs_is_not_taken_for_tampering(staff_user, monkeypatch):
    real_link = integrity.link
    edited = []

    def link_while_someone_works(*args, **kwargs):
        if not edited:  # the check is walking the chain
            edited.append(True)
            other = threading.Thread(target=someone_edits, args=(staff_user.pk,))
            other.start()
            other.join()
        return real_link(*args, **kwargs)

    monkeypatch.setattr(integrity, "link", link_while_someone_works)
    entries = ChainEntry.objects.count()

    assert [str(problem) for problem in integrity.verify()] == []
    assert edited and ChainEntry.objects.count() > entries
    # The next check sees that work, intact.
    assert [str(problem) for problem in integrity.verify()] == []
    assert User.objects.get(pk=staff_user.pk).full_name == "Nguyễn Văn Mới"
