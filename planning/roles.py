"""The permissions each role group holds on planning records (see docs/roles.md).

Model permissions open the admin screens; the views narrow them to the agencies
where the person holds the role (qms.agency_admin) and planning.permissions
decides who signs and closes.
"""

from qms import registry
from qms.roles import APPROVER, INTERNAL_AUDITOR, ISO_SECRETARY, OVERSEER

MODELS = [
    "qualityobjective",
    "objectiveresult",
    "onestopimport",
    "dossierstatistic",
    "nonconformity",
    "risk",
    "managementreview",
    "reviewdecision",
    "satisfactionresult",
]
READ = {f"planning.view_{model}" for model in MODELS}
SECRETARY_WRITES = {f"planning.{verb}_{model}" for model in MODELS for verb in ("add", "change")} - {
    "planning.add_dossierstatistic",
    "planning.change_dossierstatistic",
}
ROLE_PERMISSIONS = {
    ISO_SECRETARY: READ | SECRETARY_WRITES,
    APPROVER: READ
    | {
        "planning.add_managementreview",
        "planning.change_managementreview",
        "planning.add_reviewdecision",
        "planning.change_reviewdecision",
    },
    INTERNAL_AUDITOR: READ,
    OVERSEER: READ,
}


def register():
    for role, permissions in ROLE_PERMISSIONS.items():
        registry.grant(role, permissions)
