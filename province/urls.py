"""The overseer's pages, under /tinh/."""

from django.urls import path

from province import views

app_name = "province"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("co-quan/<id:pk>/", views.agency_detail, name="agency"),
    path("cong-bo/<id:pk>/thong-bao/", views.notice_file, name="notice_file"),
]
