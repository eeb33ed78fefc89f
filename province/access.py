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


def heading_agency(user):
    """The agency that heads the province's exports: the overseer's own (e.g. UBND TỈNH … / SỞ KHOA HỌC
    VÀ CÔNG NGHỆ), else the one provincial People's Committee, else none (the export has the title only)."""
    from qms.models import Agency, AgencyLevel

    if getattr(user, "agency_id", None):
        return user.agency
    provinces = list(Agency.objects.active().filter(level=AgencyLevel.PROVINCE)[:2])
    return provinces[0] if len(provinces) == 1 else None
