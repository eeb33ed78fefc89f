from .agency import AgencySettings, IsoEdition
from .clauses import IsoClause
from .notifications import DigestSent, Notification, NotificationKind
from .organisation import Department, User

__all__ = [
    "AgencySettings",
    "Department",
    "DigestSent",
    "IsoClause",
    "IsoEdition",
    "Notification",
    "NotificationKind",
    "User",
]
