"""The "Planning and review" admin menu: Wagtail ModelViewSets scoped by agency
(qms.agency_admin), with planning's own screens attached (planning.admin.views)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permissions import register_permission_policy

from planning.admin import views
from planning.models import (
    DossierStatistic,
    ManagementReview,
    Nonconformity,
    ObjectiveResult,
    OneStopImport,
    QualityObjective,
    ReviewDecision,
    Risk,
    SatisfactionResult,
)
from planning.permissions import MANAGERS, READERS, REVIEW_CREATORS, can_manage, can_prepare_review, can_read
from qms.agency_admin import AgencyViewSetMixin, NeverDeletedPolicy, open_button_index_view


class NarrowedPolicy(NeverDeletedPolicy):
    """The model's permissions without deleting, and without the actions the admin's generic
    views must not take for this model (``refused``): imports are made by upload and never
    edited; statistics come only from imports; decisions are recorded on their review's page."""

    def __init__(self, model, refused=()):
        super().__init__(model)
        self.refused = set(refused)

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions, **kwargs):
        return super().users_with_any_permission(set(actions) - self.refused, **kwargs)


REFUSED = {
    OneStopImport: ("change",),
    DossierStatistic: ("add", "change"),
    ReviewDecision: ("add", "change"),
}
for _model in (
    QualityObjective,
    ObjectiveResult,
    OneStopImport,
    DossierStatistic,
    Nonconformity,
    Risk,
    ManagementReview,
    ReviewDecision,
    SatisfactionResult,
):
    register_permission_policy(_model, NarrowedPolicy(_model, REFUSED.get(_model, ())))

DOCUMENT_AGENCY = "library__agency"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanningViewSet(AgencyViewSetMixin, ModelViewSet):
    agency_roles = READERS
    agency_managing_roles = MANAGERS
    agency_paths = {"document": DOCUMENT_AGENCY, "documents": DOCUMENT_AGENCY}
    copy_view_enabled = False
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name != "delete"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.get_internal_type() == "DateField":
            kwargs.setdefault("widget", DATE)
        return super().formfield_for_dbfield(db_field, **kwargs)


def opening(url_name, key=lambda instance: instance.pk):
    """A listing whose rows open the record's own page, "Edit" included: an import is never edited,
    and a nonconformity, a review or a decision is changed from its page (which says who may)."""
    return open_button_index_view(lambda instance: reverse(url_name, args=[key(instance)]), edit_opens_record=True)


class ObjectiveViewSet(PlanningViewSet):
    model = QualityObjective
    name = "planning_objective"
    url_prefix = "planning/objectives"
    icon = "crosshairs"
    menu_label = _("Quality objectives")
    list_display = ["indicator", "year", "department", Column("target_text", label=_("target")), "owner"]
    list_filter = ["year", "department", "frequency"]
    search_fields = ["statement", "indicator"]
    list_export = ["year", "department", "statement", "indicator", "unit", "target_text", "frequency", "owner"]
    form_fields = [
        "year",
        "department",
        "statement",
        "indicator",
        "unit",
        "target",
        "direction",
        "frequency",
        "data_source",
        "method",
        "owner",
        "documents",
        "clauses",
    ]


class ResultCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.entered_by = self.request.user
        return super().save_instance()


class ResultViewSet(PlanningViewSet):
    model = ObjectiveResult
    agency_form_field = "objective__agency"
    name = "planning_result"
    url_prefix = "planning/results"
    icon = "doc-full"
    menu_label = _("Objective results")
    add_view_class = ResultCreateView
    list_display = [
        "objective",
        Column("period", label=_("period")),
        "value",
        Column("met", label=_("met")),
        "entered_by",
    ]
    list_filter = ["objective__year", "objective"]
    list_export = ["objective", "period", "value", "achievement", "met", "note", "entered_by", "entered_at"]
    form_fields = ["objective", "period_start", "value", "evidence", "note"]


class ImportCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.uploaded_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        return reverse("planning_import:preview", args=[self.object.pk])

    def get_success_message(self, instance):
        return _("The file was uploaded: check the rows before importing them.")

    def get_success_buttons(self):
        return []


class ImportViewSet(PlanningViewSet):
    model = OneStopImport
    name = "planning_import"
    url_prefix = "planning/one-stop"
    icon = "upload"
    menu_label = _("One-stop statistics imports")
    add_view_class = ImportCreateView
    index_view_class = opening("planning_import:preview")
    list_display = ["original_name", "uploaded_at", "uploaded_by", "status", "rows"]
    list_filter = ["status"]

    def get_form_class(self, for_update=False):
        from planning.admin.forms import OneStopUploadForm

        return OneStopUploadForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("preview/<int:pk>/", views.import_preview, name="preview"),
            path("confirm/<int:pk>/", views.import_confirm, name="confirm"),
        ]


class RowButton(Button):
    """A button shown on the listing's row itself, not hidden in its "…" menu."""

    allow_in_dropdown = False


class StatisticIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.late and can_manage(self.request.user, instance.agency_id):
            url = reverse("planning_statistic:open_nonconformity", args=[instance.pk])
            buttons.insert(
                0,
                RowButton(
                    _("Open a nonconformity"),
                    url=url,
                    icon_name="warning",
                    classname="button button-small button-secondary",
                    priority=1,
                ),
            )
        return buttons

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        buttons.append(HeaderButton(_("Dashboard"), url=reverse("planning_dashboard"), icon_name="view"))
        return buttons


class StatisticViewSet(PlanningViewSet):
    model = DossierStatistic
    name = "planning_statistic"
    url_prefix = "planning/statistics"
    icon = "table"
    menu_label = _("Dossier statistics")
    index_view_class = StatisticIndexView
    inspect_view_enabled = True
    list_display = [
        "document",
        "month",
        "department",
        "received",
        "on_time",
        "late",
        "pending",
        Column("on_time_rate", label=_("on time (%)")),
    ]
    list_filter = ["month", "department"]
    search_fields = ["document__code", "document__title"]
    list_export = ["document", "month", "department", "received", "on_time", "late", "pending", "on_time_rate"]
    form_fields = ["document", "month", "received", "on_time", "late", "pending"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("nonconformity/<int:pk>/", views.statistic_open_nonconformity, name="open_nonconformity")
        ]


class SatisfactionCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.entered_by = self.request.user
        return super().save_instance()


class SatisfactionViewSet(PlanningViewSet):
    """Citizens' satisfaction surveys per procedure and month: entered here, or imported with the
    one-stop imports (kind "satisfaction survey")."""

    model = SatisfactionResult
    name = "planning_satisfaction"
    url_prefix = "planning/satisfaction"
    icon = "user"
    menu_label = _("Satisfaction surveys")
    add_view_class = SatisfactionCreateView
    inspect_view_enabled = True
    list_display = [
        "document",
        "month",
        "department",
        "responses",
        "satisfied",
        Column("rate", label=_("satisfied (%)")),
    ]
    list_filter = ["month", "department"]
    search_fields = ["document__code", "document__title"]
    list_export = ["document", "month", "department", "responses", "satisfied", "rate", "note", "source"]
    form_fields = ["document", "month", "responses", "satisfied", "note"]


class NonconformityCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        return reverse("planning_nonconformity:detail", args=[self.object.pk])


class NonconformityViewSet(PlanningViewSet):
    model = Nonconformity
    name = "planning_nonconformity"
    url_prefix = "planning/nonconformities"
    icon = "warning"
    menu_label = _("Nonconformities")
    add_view_class = NonconformityCreateView
    index_view_class = opening("planning_nonconformity:detail")
    list_display = ["reported_on", "source", "department", "document", "corrective_action"]
    list_filter = ["source", "department"]
    search_fields = ["description", "reporter"]
    list_export = ["reported_on", "source", "department", "document", "description", "reporter", "corrective_action"]
    form_fields = ["source", "reported_on", "department", "document", "description", "reporter"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("detail/<int:pk>/", views.nonconformity_detail, name="detail"),
            path("raise-action/<int:pk>/", views.nonconformity_raise_action, name="raise_action"),
        ]


class RiskIndexView(generic.IndexView):
    def get_base_queryset(self):
        # What "to be re-rated" reads, counted in the listing's one query.
        return super().get_base_queryset().with_rerating()

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        buttons.append(HeaderButton(_("Heat map"), url=reverse("planning_risk:heat_map"), icon_name="table"))
        return buttons


class RiskViewSet(PlanningViewSet):
    model = Risk
    name = "planning_risk"
    url_prefix = "planning/risks"
    icon = "warning"
    menu_label = _("Risks and opportunities")
    index_view_class = RiskIndexView
    list_display = [
        "description",
        "kind",
        "department",
        Column("rating", label=_("rating")),
        Column("residual_rating", label=_("residual rating")),
        BooleanColumn("needs_rerating", label=_("to be re-rated")),
        "owner",
        "review_date",
    ]
    list_filter = ["kind", "department"]
    search_fields = ["description", "cause", "consequence"]
    list_export = [
        "kind",
        "description",
        "cause",
        "consequence",
        "document",
        "department",
        "likelihood",
        "impact",
        "rating",
        "owner",
        "treatment",
        "review_date",
        "residual_rating",
        "residual_note",
        "needs_rerating",
    ]
    form_fields = [
        "kind",
        "document",
        "department",
        "description",
        "cause",
        "consequence",
        "likelihood",
        "impact",
        "owner",
        "treatment",
        "actions",
        "review_date",
        "residual_likelihood",
        "residual_impact",
        "residual_note",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("heat-map/", views.heat_map, name="heat_map")]


class ReviewEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        review = ManagementReview.objects.filter(pk=kwargs.get("pk")).first()
        # Another agency's review is not found (the agency mixin's 404), not refused.
        if review and can_read(request.user, review.agency_id) and not can_prepare_review(request.user, review):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReviewCreateView(generic.CreateView):
    def get_success_url(self):
        return reverse("planning_review:detail", args=[self.object.pk])


class ReviewViewSet(PlanningViewSet):
    model = ManagementReview
    name = "planning_review"
    url_prefix = "planning/reviews"
    icon = "group"
    menu_label = _("Management reviews")
    agency_managing_roles = REVIEW_CREATORS
    add_view_class = ReviewCreateView
    edit_view_class = ReviewEditView
    index_view_class = opening("planning_review:detail")
    list_display = ["held_on", "chair", "period_start", "period_end", "status"]
    list_filter = ["status"]
    form_fields = ["held_on", "place", "chair", "participants", "period_start", "period_end", "conclusions"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("detail/<int:pk>/", views.review_detail, name="detail"),
            path("gather/<int:pk>/", views.review_gather, name="gather"),
            path("decide/<int:pk>/", views.review_add_decision, name="decide"),
            path("close/<int:pk>/<int:decision_pk>/", views.review_close_decision, name="close_decision"),
            path("sign/<int:pk>/", views.review_sign, name="sign"),
            path("pdf/<int:pk>/", views.review_pdf, name="pdf"),
        ]


class DecisionViewSet(PlanningViewSet):
    model = ReviewDecision
    name = "planning_decision"
    url_prefix = "planning/decisions"
    icon = "tick"
    menu_label = _("Review decisions")
    inspect_view_enabled = True
    index_view_class = opening("planning_review:detail", key=lambda decision: decision.review_id)
    list_display = ["text", "owner", "due_date", "status", "review"]
    list_filter = ["status"]
    list_export = ["review", "text", "owner", "due_date", "status", "outcome", "closed_at"]
    form_fields = ["text", "owner", "due_date"]


class PlanningGroup(ViewSetGroup):
    menu_label = _("Planning and review")
    menu_icon = "crosshairs"
    menu_order = 310
    items = (
        ObjectiveViewSet,
        ResultViewSet,
        ImportViewSet,
        StatisticViewSet,
        SatisfactionViewSet,
        NonconformityViewSet,
        RiskViewSet,
        ReviewViewSet,
        DecisionViewSet,
    )


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        from planning.permissions import readable_agencies

        return bool(readable_agencies(request.user))
