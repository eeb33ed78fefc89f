"""The permissions each role group holds on internal audits (see docs/roles.md).

Model permissions open the admin screens; the object rules of
audits/permissions.py narrow them to the records a person may touch (a head
sees the actions of their department, staff answer theirs in the portal
without any model permission). Nobody deletes an audit record.
"""

from qms import registry
from qms.roles import APPROVER, DEPARTMENT_HEAD, INTERNAL_AUDITOR, ISO_SECRETARY, OVERSEER

AUDIT_MODELS = ["auditprogramme", "audit", "question", "checklistitem", "finding", "correctiveaction", "verification"]
AUDITS_READ = {f"audits.view_{model}" for model in AUDIT_MODELS}
AUDITS_WRITE = {f"audits.{verb}_{model}" for model in AUDIT_MODELS[:-1] for verb in ("add", "change")}
ROLE_PERMISSIONS = {
    ISO_SECRETARY: AUDITS_READ,
    DEPARTMENT_HEAD: {"audits.view_correctiveaction"},
    APPROVER: {"audits.view_auditprogramme", "audits.view_audit", "audits.approve_auditprogramme"},
    INTERNAL_AUDITOR: AUDITS_READ | AUDITS_WRITE | {"audits.add_verification"},
    OVERSEER: AUDITS_READ,
}


def register():
    for role, permissions in ROLE_PERMISSIONS.items():
        registry.grant(role, permissions)
