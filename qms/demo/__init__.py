"""Demo data: a believable Sở Nội vụ. Each part is idempotent: running the
loader twice leaves the same rows. Apps add their part to DEMO_BUILDERS."""

DEMO_PASSWORD = "Demo@2026!"  # noqa: S105 - demo only, printed and documented as such

# Dotted paths of callables taking (stdout) and run in this order.
DEMO_BUILDERS = [
    "qms.demo.organisation.build",
    "procedures.demo.build",
    "audits.demo.build",
    # Last: it registers holders for whatever demo documents the builders above made.
    "qms.demo.controlled_copies.build",
    # Document control goes after the documents demo (procedures.demo) and copes without it.
    "procedures.control_demo.build",
]
