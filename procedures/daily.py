from qms.daily import DAILY_DUTIES

DAILY_DUTIES.append("procedures.issuing.make_due_issues_current")
DAILY_DUTIES.append("procedures.search_index.repair_search_entries")
