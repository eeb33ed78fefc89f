import pytest

from procedures.search.index import rebuild
from tests.procedures.factories import make_issued_document


@pytest.fixture
def issued(section, org):
    """make(title, ...) -> a live document with a current issue, indexed for search."""

    def make(title, index=True, **fields):
        fields.setdefault("department", org["ccvc"])
        document = make_issued_document(section, org["approver"], title=title, **fields)
        if index:
            rebuild()
        return document

    return make
