from qms.daily import DAILY_DUTIES

DAILY_DUTIES.append("procedures.issuing.make_due_issues_current")
DAILY_DUTIES.append("procedures.controlled_copies.render_missing_copies")
DAILY_DUTIES.append("procedures.acknowledging.assign_current_issues")
DAILY_DUTIES.append("procedures.reminders.remind")
DAILY_DUTIES.append("procedures.search_index.repair_search_entries")
