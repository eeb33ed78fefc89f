"""The project's URLconf plus two views nobody classified (test_url_permissions)."""

from django.http import HttpResponse
from django.urls import path

from qms.urls import urlpatterns as project_urlpatterns


def new_portal_view(request):
    return HttpResponse("new")


def new_admin_view(request):
    return HttpResponse("new admin screen")


# As if written in the procedures app: under /admin/, a project view still needs its row.
new_admin_view.__module__ = "procedures.new_screen"

urlpatterns = [
    path("kiem-soat/tinh-nang-moi/", new_portal_view, name="new_portal_view"),
    path("admin/qms/man-hinh-moi/", new_admin_view, name="new_admin_view"),
    *project_urlpatterns,
]
