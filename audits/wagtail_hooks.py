"""The "Internal audits" admin menu: programme, audits, question library,
findings and corrective actions, with their custom screens."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from audits import admin_views, dashboard, permissions
from audits.forms import AuditAdminForm, CorrectiveActionAdminForm
from audits.models import Audit, AuditProgramme, ChecklistItem, CorrectiveAction, Finding, Question
from qms import roles
from qms.agency_admin import AgencyViewSetMixin, open_button_index_view
from qms.params import id_param


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Audit records are never deleted, whatever permissions a user holds."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "delete"])

    def users_with_any_permission(self, actions, **kwargs):
        return super().users_with_any_permission([a for a in actions if a != "delete"], **kwargs)

    def user_has_permission_for_instance(self, user, action, instance):
        return action != "delete" and super().user_has_permission_for_instance(user, action, instance)


for _model in (AuditProgramme, Audit, Question, ChecklistItem, Finding, CorrectiveAction):
    register_permission_policy(_model, NoDeletePermissionPolicy(_model))


# Who sees an agency's audit records, and who adds them.
AUDIT_READERS = (roles.INTERNAL_AUDITOR, roles.ISO_SECRETARY, roles.APPROVER, roles.OVERSEER)
AUDIT_WRITERS = (roles.INTERNAL_AUDITOR,)
# An audit's documents are pages: a controlled document belongs to the agency of its department.
DOCUMENT_AGENCY = "controlleddocumentpage__owner_department__agency"


class AuditRecordViewSet(AgencyViewSetMixin, ModelViewSet):
    """Common ground: no delete or copy views, an "Open" link to the record's own page, the person's agencies only."""

    agency_roles = AUDIT_READERS
    agency_managing_roles = AUDIT_WRITERS
    copy_view_enabled = False
    add_to_admin_menu = False
    detail_url_name = None

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name != "delete"]


# Programme ------------------------------------------------------------------


class ProgrammeIndexView(open_button_index_view(lambda p: reverse("audits_programme:detail", args=[p.pk]))):
    pass


class ProgrammeEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        programme = AuditProgramme.objects.filter(pk=kwargs.get("pk")).first()
        if programme and programme.status != AuditProgramme.Status.DRAFT:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProgrammeViewSet(AuditRecordViewSet):
    model = AuditProgramme
    name = "audits_programme"
    url_prefix = "audits/programme"
    icon = "calendar"
    menu_label = _("Audit programmes")
    index_view_class = ProgrammeIndexView
    edit_view_class = ProgrammeEditView
    list_display = ["year", "status", "approved_by", "approved_at"]
    list_filter = ["status"]
    search_fields = ["objectives"]
    form_fields = ["year", "objectives"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("detail/<id:pk>/", admin_views.programme_detail, name="detail"),
            path("approve/<id:pk>/", admin_views.programme_approve, name="approve"),
        ]


# Audits -----------------------------------------------------------------------


class AuditIndexView(open_button_index_view(lambda a: reverse("audits_audit:detail", args=[a.pk]))):
    def get_base_queryset(self):
        return super().get_base_queryset().visible_to(self.request.user).select_related("programme", "lead_auditor")

    def get_edit_url(self, instance):
        # Only a plan not yet reported can be edited (AuditEditView): no "Edit" that leads to a refusal.
        if instance.status in (Audit.Status.PLANNED, Audit.Status.IN_PROGRESS):
            return super().get_edit_url(instance)
        return None


class AuditEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        audit = Audit.objects.filter(pk=kwargs.get("pk")).first()
        if audit and (
            not permissions.is_audit_team_member(request.user, audit)
            or audit.status not in (Audit.Status.PLANNED, Audit.Status.IN_PROGRESS)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AuditViewSet(AuditRecordViewSet):
    model = Audit
    agency_field = "programme__agency"
    agency_paths = {"documents": DOCUMENT_AGENCY}
    name = "audits_audit"
    url_prefix = "audits/audit"
    icon = "tasks"
    menu_label = _("Audits")
    index_view_class = AuditIndexView
    edit_view_class = AuditEditView
    list_display = ["number", "title", "programme", "planned_start", "lead_auditor", "status"]
    list_filter = ["status", "programme", "edition"]
    search_fields = ["number", "title", "scope"]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("title"),
            FieldPanel("scope"),
            FieldPanel("criteria"),
            FieldPanel("edition"),
            FieldPanel("departments", widget=forms.CheckboxSelectMultiple),
            FieldPanel("processes"),
            FieldPanel("documents"),
            FieldPanel("clauses"),
            MultiFieldPanel([FieldPanel("planned_start"), FieldPanel("planned_end")], heading=_("Planned dates")),
            MultiFieldPanel(
                [FieldPanel("lead_auditor"), FieldPanel("team", widget=forms.CheckboxSelectMultiple)],
                heading=_("Audit team"),
            ),
        ],
        base_form_class=AuditAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("detail/<id:pk>/", admin_views.audit_detail, name="detail"),
            path("move/<id:pk>/<str:transition>/", admin_views.audit_transition, name="transition"),
            path("checklist/<id:pk>/build/", admin_views.checklist_build, name="checklist_build"),
            path("checklist/<id:pk>/add/", admin_views.checklist_add_item, name="checklist_add"),
            path("finding/<id:pk>/", admin_views.record_finding, name="record_finding"),
            path("report/<id:pk>/", admin_views.audit_report, name="report"),
        ]


# Question library -------------------------------------------------------------


class QuestionViewSet(AuditRecordViewSet):
    model = Question
    agency_field = None  # the question library is the province's
    name = "audits_question"
    url_prefix = "audits/question"
    icon = "help"
    menu_label = _("Question library")
    list_display = ["clause", "text", "active"]
    list_filter = ["active", "clause__edition"]
    search_fields = ["text", "guidance", "clause__number"]
    form_fields = ["clause", "text", "guidance", "active"]


# Findings ---------------------------------------------------------------------


class FindingIndexView(open_button_index_view(lambda f: reverse("audits_audit:detail", args=[f.audit_id]))):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if permissions.can_print(self.request.user):
            buttons.append(
                HeaderButton(_("Findings log (.xlsx)"), url=reverse("audits_finding:export"), icon_name="download")
            )
        return buttons


def controlled_document_field(field, agencies=roles.ALL):
    """A finding concerns a controlled document, never a library or section page:
    a list of the issued documents by code, not a chooser of every page; those of these agencies."""
    from procedures.models import ControlledDocumentPage

    documents = ControlledDocumentPage.objects.filter(issues__isnull=False)
    if agencies != roles.ALL:
        documents = documents.filter(library__agency_id__in=agencies)
    documents = documents.distinct().order_by("code", "title")
    choice = forms.ModelChoiceField(
        queryset=documents,
        required=False,
        label=field.label,
        help_text=_("An issued controlled document, by its code."),
    )
    choice.label_from_instance = lambda document: f"{document.code} – {document.title}"
    return choice


class FindingFormMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "audit" in form.fields:
            recordable = [a.pk for a in Audit.objects.filter(status=Audit.Status.IN_PROGRESS) if self._may_record(a)]
            form.fields["audit"].queryset = Audit.objects.filter(pk__in=recordable)
            if len(recordable) == 1 and not form.initial.get("audit"):
                form.initial["audit"] = recordable[0]
            if not recordable:
                form.fields["audit"].help_text = _(
                    "Findings are recorded in an audit in progress whose audit team you are on. None is in "
                    "progress for you: open the audit from Audits and press “Start the audit” first."
                )
        if "document" in form.fields:
            agencies = roles.agencies_with_role(self.request.user, *AUDIT_WRITERS)
            form.fields["document"] = controlled_document_field(form.fields["document"], agencies)
        return form

    def _may_record(self, audit):
        return permissions.can_record(self.request.user, audit)


class FindingCreateView(FindingFormMixin, generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        item = ChecklistItem.objects.filter(pk=id_param(self.request, "item")).select_related("audit").first()
        if item and self._may_record(item.audit):
            proposal = item.proposed_finding()
            initial.update({k: v.pk if hasattr(v, "pk") else v for k, v in proposal.items() if v is not None})
            initial["audit"] = item.audit_id
        elif id_param(self.request, "audit"):
            initial["audit"] = id_param(self.request, "audit")
        return initial

    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:
            # The numbering lock makes this rare; never answer it with an error page.
            message = _("Another finding was numbered at the same moment. Please save again.")
            form.add_error(None, message)
            self.produced_error_message = message
            return self.form_invalid(form)


class FindingEditView(FindingFormMixin, generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        finding = Finding.objects.filter(pk=kwargs.get("pk")).select_related("audit").first()
        if finding and (
            not self._may_record_for(request, finding.audit) or finding.audit.status == Audit.Status.CLOSED
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def _may_record_for(request, audit):
        return permissions.can_record(request.user, audit)


class FindingViewSet(AuditRecordViewSet):
    model = Finding
    agency_field = "audit__programme__agency"
    # Its document field lists controlled documents (controlled_document_field), which name their agency.
    agency_paths = {"checklist_item": "audit__programme__agency"}
    name = "audits_finding"
    url_prefix = "audits/finding"
    icon = "warning"
    menu_label = _("Findings")
    index_view_class = FindingIndexView
    add_view_class = FindingCreateView
    edit_view_class = FindingEditView
    list_display = ["number", "kind", "clause", "department", "audit"]
    list_filter = ["kind", "audit", "department"]
    search_fields = ["number", "description", "evidence"]
    form_fields = ["audit", "kind", "clause", "department", "document", "description", "evidence", "checklist_item"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("export/", admin_views.findings_export, name="export"),
            path("raise-action/<id:pk>/", admin_views.finding_raise_action, name="raise_action"),
        ]


# Corrective actions -------------------------------------------------------------


class CorrectiveActionFilterSet(WagtailFilterSet):
    overdue = BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = CorrectiveAction
        fields = ["status", "source", "department"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


def status_with_badge(action):
    if action.is_overdue():
        return format_html(
            '{} <span class="w-status w-status--label" style="background:#fde2e2;color:#a11">{}</span>',
            action.get_status_display(),
            _("Overdue"),
        )
    return action.get_status_display()


class ActionIndexView(open_button_index_view(lambda a: reverse("audits:action_detail", args=[a.pk]))):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("department", "owner", "finding")
        return queryset.visible_to(self.request.user)

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if permissions.can_print(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Corrective action log (.xlsx)"), url=reverse("audits_action:export"), icon_name="download"
                )
            )
        return buttons


class ActionCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.raised_by = self.request.user
        return super().save_instance()


class ActionEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        action = CorrectiveAction.objects.filter(pk=kwargs.get("pk")).first()
        if action and action.status == CorrectiveAction.Status.CLOSED:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CorrectiveActionViewSet(AuditRecordViewSet):
    model = CorrectiveAction
    agency_roles = (*AUDIT_READERS, roles.DEPARTMENT_HEAD)
    agency_paths = {"finding": "audit__programme__agency"}
    # Its agency is set from its department (and finding) when saved.
    agency_form_field = "department__agency"
    name = "audits_action"
    url_prefix = "audits/action"
    icon = "repeat"
    menu_label = _("Corrective actions")
    index_view_class = ActionIndexView
    add_view_class = ActionCreateView
    edit_view_class = ActionEditView
    filterset_class = CorrectiveActionFilterSet
    list_display = [
        "number",
        "department",
        "owner",
        "due_date",
        Column("status", label=_("status"), accessor=status_with_badge),
    ]
    search_fields = ["number", "nonconformity", "root_cause", "action_plan"]
    edit_handler = ObjectList(
        [
            FieldPanel("source"),
            FieldPanel("finding"),
            FieldPanel("department"),
            FieldPanel("nonconformity"),
            FieldPanel("owner"),
            FieldPanel("due_date"),
        ],
        base_form_class=CorrectiveActionAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("export/", admin_views.actions_export, name="export")]


class InternalAuditsGroup(ViewSetGroup):
    menu_label = _("Internal audits")
    menu_icon = "clipboard-list"
    menu_order = 300
    items = (ProgrammeViewSet, AuditViewSet, QuestionViewSet, FindingViewSet, CorrectiveActionViewSet)


@hooks.register("register_admin_viewset")
def register_internal_audits():
    return InternalAuditsGroup()


hooks.register("construct_homepage_panels", dashboard.add_panels)
