"""The core's registrations with the Wagtail admin; what they register lives in qms.agency_admin."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from qms import agency_admin, dashboard
from qms.models import Agency, Department, RoleGrant

register_permission_policy(Agency, agency_admin.SuperusersOnlyPolicy(Agency))
register_permission_policy(RoleGrant, agency_admin.RoleGrantPolicy(RoleGrant))
register_permission_policy(Department, agency_admin.NeverDeletedPolicy(Department))
hooks.register("register_admin_viewset", lambda: agency_admin.AgencyAdminViewSet("agencies"))
hooks.register("register_admin_viewset", lambda: agency_admin.RoleGrantViewSet("role_grants"))
hooks.register("register_admin_viewset", lambda: agency_admin.DepartmentViewSet("departments"))
hooks.register("construct_homepage_panels", dashboard.construct_panels)
