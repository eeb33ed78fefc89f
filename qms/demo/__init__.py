"""Demo data: a believable Sở Nội vụ. Each part is idempotent: running the
loader twice leaves the same rows. The core builds the organisation; apps add
their parts with qms.registry.add_demo_builder."""

from qms import registry

DEMO_PASSWORD = "Demo@2026!"  # noqa: S105 - demo only, printed and documented as such


def register():
    # First: the departments and people every other part uses.
    registry.add_demo_builder("qms.demo.organisation.build", order=registry.FIRST)
    # Then the other agencies of the province and their people (after the first agency).
    registry.add_demo_builder("qms.demo.province.build", order=registry.FIRST)
    # Then a DEMO signing certificate per agency, so that the demo's PDFs are signed.
    registry.add_demo_builder("qms.demo.certificates.build", order=registry.FIRST)
