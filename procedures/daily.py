"""The daily duties of document control (run by `manage.py qms_daily`)."""

from qms import registry


def register():
    registry.add_daily_duty("procedures.lifecycle.issuing.make_due_issues_current")
    registry.add_daily_duty("procedures.copies.controlled_copies.render_missing_copies")
    registry.add_daily_duty("procedures.copies.pending_signatures.sign_pending_copies")
    registry.add_daily_duty("procedures.control.acknowledging.assign_current_issues")
    registry.add_daily_duty("procedures.control.reminders.remind")
    registry.add_daily_duty("procedures.search.index.repair_search_entries")
