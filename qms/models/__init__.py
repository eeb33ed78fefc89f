from .agency import Agency, AgencyGroup, AgencyLevel, IsoEdition, RoleGrant
from .clauses import IsoClause
from .integrity import ChainEntry, ChainHead
from .notifications import DigestSent, Notification
from .organisation import Department, User
from .signing import AgencyCertificate, KeyStore

__all__ = [
    "Agency",
    "AgencyCertificate",
    "AgencyGroup",
    "AgencyLevel",
    "RoleGrant",
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
