"""Daily duties, run by `manage.py qms_daily` from cron.

Each duty is a dotted path to a callable taking (today, stdout) that must be
safe to run twice on the same day (the second run does nothing new). Apps
register theirs with qms.registry.add_daily_duty; these are the core's own.
"""

from qms import registry


def register():
    # First: tasks a dead worker abandoned go back in the queue.
    registry.add_daily_duty("qms.worker.requeue_abandoned", order=registry.FIRST)
    # Last of the duties (the digests go out after them): check the trail and
    # publish the chain head outside the database (the log, the ISO secretary's digest).
    registry.add_daily_duty("qms.integrity.publish_head", order=registry.LAST)
