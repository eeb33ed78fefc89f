"""The permissions each role group holds on the province's records (see docs/roles.md).

The ISO secretary records and renews their own agency's declarations of
conformity (the admin views narrow them to it); approvers and the province's
overseer read them. Nobody deletes a declaration.
"""

from qms import registry
from qms.roles import APPROVER, ISO_SECRETARY, OVERSEER

ROLE_PERMISSIONS = {
    ISO_SECRETARY: {"province.view_declaration", "province.add_declaration", "province.change_declaration"},
    APPROVER: {"province.view_declaration"},
    OVERSEER: {"province.view_declaration"},
}


def register():
    for role, permissions in ROLE_PERMISSIONS.items():
        registry.grant(role, permissions)
