"""The portal's documents for bench/ (loadtest_data.py, portal_reading.py import them from here).

The tests use tests/procedures/factories.py directly, where these are defined.
"""

from tests.procedures.factories import add_issue, make_issued_document, steps_body

__all__ = ["add_issue", "make_issued_document", "steps_body"]
