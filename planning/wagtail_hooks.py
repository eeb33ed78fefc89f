"""Registers planning's admin menu and screens (defined in planning.admin)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from planning.admin import views
from planning.admin.viewsets import DashboardMenuItem, PlanningGroup


@hooks.register("register_admin_viewset")
def register_planning():
    return PlanningGroup()


@hooks.register("register_admin_urls")
def planning_urls():
    return [path("planning/dashboard/", views.dashboard, name="planning_dashboard")]


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return DashboardMenuItem(_("Leader's dashboard"), reverse("planning_dashboard"), icon_name="view", order=305)
