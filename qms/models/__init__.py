from .agency import AgencySettings, IsoEdition
from .clauses import IsoClause
from .integrity import ChainEntry, ChainHead
from .notifications import DigestSent, Notification
from .organisation import Department, User

__all__ = [
    "AgencySettings",
    "ChainEntry",
    "ChainHead",
    "Department",
    "DigestSent",
    "IsoClause",
    "IsoEdition",
    "Notification",
    "User",
]
