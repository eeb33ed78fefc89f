"""The demo of internal audits, registered with the core in audits.apps
(qms.registry.add_demo_builder): programme builds the 2025 programme, its
audits, findings and corrective actions."""
