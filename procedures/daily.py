"""The daily duties of document control (run by `manage.py qms_daily`)."""

from qms import registry


def register():
    registry.add_daily_duty("procedures.issuing.make_due_issues_current")
    registry.add_daily_duty("procedures.controlled_copies.render_missing_copies")
    registry.add_daily_duty("procedures.acknowledging.assign_current_issues")
    registry.add_daily_duty("procedures.reminders.remind")
    registry.add_daily_duty("procedures.search_index.repair_search_entries")
