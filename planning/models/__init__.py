from .nonconformities import Nonconformity
from .objectives import DataSource, Direction, Frequency, ObjectiveResult, QualityObjective
from .onestop import DossierStatistic, OneStopImport
from .reviews import ManagementReview, ReviewDecision
from .risks import Risk
from .satisfaction import SatisfactionResult

__all__ = [
    "DataSource",
    "Direction",
    "DossierStatistic",
    "Frequency",
    "ManagementReview",
    "Nonconformity",
    "ObjectiveResult",
    "OneStopImport",
    "QualityObjective",
    "ReviewDecision",
    "Risk",
    "SatisfactionResult",
]
