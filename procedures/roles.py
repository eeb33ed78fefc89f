"""The permissions each role group holds on document control (see docs/roles.md).

qms.roles keeps the role groups and the machinery; this app declares its
part through qms.registry. Page-level rights on the library tree
(GroupPagePermission) are given by procedures.documents.library on top of these.
"""

from qms import registry
from qms.roles import APPROVER, DEPARTMENT_HEAD, INTERNAL_AUDITOR, ISO_SECRETARY, OVERSEER

# Change requests, distribution, citations, external documents, the records
# list, periodic reviews, read-and-understood. The views narrow department
# heads to their own department's documents.
CONTROL_READ = {
    "procedures.view_changerequest",
    "procedures.view_distribution",
    "procedures.view_citation",
    "procedures.view_externaldocument",
    "procedures.view_recordtype",
    "procedures.view_periodicreview",
    "procedures.view_reviewflag",
    "procedures.view_readingassignment",
    "procedures.view_acknowledgement",
}
# The adoptions of shared provincial documents: the agency's ISO secretary, and the overseer.
ADOPTIONS_READ = {"procedures.view_adoption"}
CONTROL_DOCUMENT_OWNER = {
    "procedures.change_changerequest",
    "procedures.add_distribution",
    "procedures.change_distribution",
    "procedures.add_citation",
    "procedures.change_citation",
    "procedures.add_periodicreview",
}
CONTROL_REGISTERS = {
    "procedures.add_externaldocument",
    "procedures.change_externaldocument",
    "procedures.add_recordtype",
    "procedures.change_recordtype",
}

ROLE_PERMISSIONS = {
    ISO_SECRETARY: {
        "procedures.view_documenttype",
        "procedures.add_documenttype",
        "procedures.change_documenttype",
        "procedures.view_issue",
        "procedures.view_signature",
        "procedures.view_controlledcopy",
        "procedures.add_controlledcopy",
        "procedures.change_controlledcopy",
        "procedures.view_copyexport",
        "procedures.add_copyexport",
        *CONTROL_READ,
        *CONTROL_DOCUMENT_OWNER,
        *CONTROL_REGISTERS,
        *ADOPTIONS_READ,
    },
    DEPARTMENT_HEAD: {
        "procedures.view_documenttype",
        "procedures.view_issue",
        *CONTROL_READ,
        *CONTROL_DOCUMENT_OWNER,
    },
    APPROVER: {
        "procedures.view_documenttype",
        "procedures.view_issue",
        "procedures.view_signature",
        "procedures.view_controlledcopy",
        "procedures.view_copyexport",
        *CONTROL_READ,
        "procedures.add_periodicreview",
    },
    INTERNAL_AUDITOR: {
        "procedures.view_documenttype",
        "procedures.view_issue",
        "procedures.view_signature",
        "procedures.view_controlledcopy",
        "procedures.view_copyexport",
        *CONTROL_READ,
    },
    # The province's overseer reads every agency's registers and issues, and writes nothing.
    OVERSEER: {
        "procedures.view_documenttype",
        "procedures.view_issue",
        "procedures.view_signature",
        *CONTROL_READ,
        *ADOPTIONS_READ,
    },
}


def register():
    for role, permissions in ROLE_PERMISSIONS.items():
        registry.grant(role, permissions)
