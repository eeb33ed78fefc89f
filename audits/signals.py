"""Signals sent after each state change has been saved (the WorkflowState pattern).

Every signal is sent with ``sender`` the model class, ``instance`` and ``user``.
"""

from django.dispatch import Signal

programme_approved = Signal()
audit_started = Signal()
audit_reported = Signal()
audit_closed = Signal()
corrective_action_planned = Signal()
corrective_action_implemented = Signal()
corrective_action_verified = Signal()  # also sent with ``verification``
corrective_action_closed = Signal()
