from .agency import AgencySettings, IsoEdition
from .clauses import IsoClause
from .organisation import Department, User

__all__ = ["AgencySettings", "Department", "IsoClause", "IsoEdition", "User"]
