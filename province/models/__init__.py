"""The province app's data layer."""

from .declarations import Declaration, DeclarationStatus
from .yearly_reports import YearlyReport

__all__ = ["Declaration", "DeclarationStatus", "YearlyReport"]
