import pytest

# The test CA, the agency's keys (file and SoftHSM2 token): made only for the tests that ask for them.
from tests.procedures.signing_fixtures import (  # noqa: F401
    file_key,
    signing_agency,
    softhsm_token,
    test_pki,
    token_key,
    trust_test_ca,
)
from tests.procedures.workflow import issue_through_workflow


@pytest.fixture
def processes(tmp_path):
    """Real app servers and task workers on the test database (tests/procedures/processes.py)."""
    from tests.procedures.processes import Processes

    started = Processes(tmp_path / "processes")
    yield started
    started.stop_all()


@pytest.fixture
def issued(client, org, make_document):
    """A document issued twice: its first issue superseded, the second current (returned)."""
    document = make_document()
    issue_through_workflow(client, org, document)
    return issue_through_workflow(client, org, document, change_summary="Sửa đổi lần 1")
