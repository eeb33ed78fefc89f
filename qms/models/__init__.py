from .agency import AgencySettings, IsoEdition
from .clauses import IsoClause
from .integrity import ChainEntry, ChainHead
from .organisation import Department, User

__all__ = ["AgencySettings", "ChainEntry", "ChainHead", "Department", "IsoClause", "IsoEdition", "User"]
