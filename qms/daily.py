"""Daily duties, run by `manage.py qms_daily` from cron.

Each duty is a dotted path to a callable taking (today, stdout) that must be
safe to run twice on the same day (the second run does nothing new). Apps
append their duties here.
"""

DAILY_DUTIES = [
    # First: tasks a dead worker abandoned go back in the queue.
    "qms.worker.requeue_abandoned",
    "audits.reminders.remind_overdue_owners",
]

# Last of the duties (the digests go out after them): check the trail and
# publish the chain head outside the database (the log, the ISO secretary's digest).
DAILY_DUTIES_LAST = ["qms.integrity.publish_head"]
