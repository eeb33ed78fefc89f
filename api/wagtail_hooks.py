from wagtail import hooks
from wagtail.permissions import register_permission_policy

from api.admin import ApiClientPolicy, ApiClientViewSet
from api.models import ApiClient

register_permission_policy(ApiClient, ApiClientPolicy(ApiClient))


@hooks.register("register_admin_viewset")
def register_api_clients():
    return ApiClientViewSet("api_clients")
