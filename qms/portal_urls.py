from django.urls import path

from procedures.portal import home as portal

urlpatterns = [
    path("", portal.home, name="portal"),
    path("search/", portal.search, name="portal_search"),
]
