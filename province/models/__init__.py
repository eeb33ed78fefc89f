"""The province app's data layer."""

from .yearly_reports import YearlyReport

__all__ = ["YearlyReport"]
