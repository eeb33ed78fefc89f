from .agency import Agency, AgencyGroup, AgencyLevel, IsoEdition, RoleGrant
from .clauses import IsoClause
from .integrity import ChainEntry, ChainHead
from .notifications import DigestSent, Notification
from .organisation import Department, User
from .signing import AgencyCertificate, KeyStore
from .signing_password import SigningPassword

__all__ = [
    "Agency",
    "AgencyCertificate",
    "AgencyGroup",
    "AgencyLevel",
    "RoleGrant",
    "SigningPassword",
    "ChainEntry",
    "ChainHead",
    "Department",
    "DigestSent",
    "IsoClause",
    "IsoEdition",
    "KeyStore",
    "Notification",
    "User",
]
