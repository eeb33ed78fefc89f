"""What every state change of an audit record shares: refuse a move that the
current state does not allow, with a message the user can read."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class TransitionNotAllowed(ValidationError):
    """The record is not in a state that allows this move."""


def require_status(instance, allowed, action):
    """Raise TransitionNotAllowed unless ``instance.status`` is one of ``allowed``."""
    if instance.status not in allowed:
        raise TransitionNotAllowed(
            _("Cannot %(action)s: the record is %(status)s."),
            code="transition_not_allowed",
            params={"action": action, "status": instance.get_status_display()},
        )


def save_with_reason(instance, reason="", user=None, **kwargs):
    """Save and record in the history row the user's reason, if they gave one, and who moved it
    (also outside a request: the demo, a management command)."""
    if reason:
        instance._change_reason = reason
    if user is not None:
        instance._history_user = user
    instance.save(**kwargs)
