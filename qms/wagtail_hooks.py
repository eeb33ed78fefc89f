"""The core's registrations with the Wagtail admin; what they register lives in qms.agency_admin."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.permissions import register_permission_policy

from qms import agency_admin, avatars, dashboard, signing_admin
from qms.models import Agency, AgencyCertificate, Department, RoleGrant

register_permission_policy(Agency, agency_admin.SuperusersOnlyPolicy(Agency))
register_permission_policy(RoleGrant, agency_admin.RoleGrantPolicy(RoleGrant))
register_permission_policy(Department, agency_admin.NeverDeletedPolicy(Department))
register_permission_policy(AgencyCertificate, signing_admin.CertificatePolicy(AgencyCertificate))
hooks.register("register_admin_viewset", lambda: agency_admin.AgencyAdminViewSet("agencies"))
hooks.register("register_admin_viewset", lambda: agency_admin.RoleGrantViewSet("role_grants"))
hooks.register("register_admin_viewset", lambda: agency_admin.DepartmentViewSet("departments"))
hooks.register("register_admin_viewset", lambda: signing_admin.CertificateViewSet("signing_certificates"))


@hooks.register("register_admin_urls")
def signing_password_urls():
    from qms import signing_password_admin

    return signing_password_admin.urlpatterns


@hooks.register("register_settings_menu_item")
def signing_passwords_menu_item():
    from qms import signing_password_admin

    return signing_password_admin.menu_item()


hooks.register("construct_homepage_panels", dashboard.construct_panels)


@hooks.register("construct_main_menu")
def call_wagtail_files_attachments(request, menu_items):
    """Wagtail's "Documents" are uploaded files (a form's blank, an attachment). In a document-control
    system "tài liệu" is a controlled document (the library beside it), so the menu calls the files
    attachments. Renamed here, not in the catalogue: "Documents" also labels an audit's documents."""
    for item in menu_items:
        if item.name == "documents":
            item.label = _("Attachments")


@hooks.register("insert_global_admin_css")
def phone_admin_css():
    """The admin's layout on a phone (static/css/admin-phone.css): the page explorer gives the title the room."""
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("css/admin-phone.css"))


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    """No picture from outside the installation: initials unless the person uploaded one (qms.avatars)."""
    return avatars.initials_url(user, size)
