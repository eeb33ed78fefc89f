"""Wagtail's users app, its user screens from qms/user_admin.py (INSTALLED_APPS names this class).

Kept apart from qms/apps.py, whose only application configuration must stay the qms app's own.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    """The role groups only in the user forms (qms/user_admin.py)."""

    user_viewset = "qms.user_admin.UserViewSet"
