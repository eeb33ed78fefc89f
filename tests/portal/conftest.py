import pytest

from procedures.search.index import rebuild
from tests.portal.factories import make_issued_document
from tests.procedures.conftest import library, make_document, org, section, tomorrow  # noqa: F401 - shared fixtures


@pytest.fixture
def issued(section, org):  # noqa: F811
    """make(title, ...) -> a live document with a current issue, indexed for search."""

    def make(title, index=True, **fields):
        fields.setdefault("department", org["ccvc"])
        document = make_issued_document(section, org["approver"], title=title, **fields)
        if index:
            rebuild()
        return document

    return make
