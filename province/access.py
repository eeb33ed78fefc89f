"""Who opens the province's pages."""

from qms import roles


def oversees(user):
    """The province's overseer (Sở KH&CN), and superusers: the dashboard and every agency's indicators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or roles.has_role(user, roles.OVERSEER)


# Who reads an agency's declarations (the admin views and the notice file).
DECLARATION_READERS = (roles.ISO_SECRETARY, roles.APPROVER, roles.OVERSEER)
DECLARATION_WRITERS = (roles.ISO_SECRETARY,)
