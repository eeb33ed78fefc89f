"""The portal's documents for bench/ (loadtest_data.py and portal_reading.py import them from here).

The tests use tests/procedures/factories.py directly, where these are defined.
"""

from tests.procedures.factories import make_issued_document, steps_body

__all__ = ["make_issued_document", "steps_body"]
