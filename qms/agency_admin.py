"""The back office (Wagtail admin) of one installation serving many agencies.

:class:`AgencyViewSetMixin` goes in front of a Wagtail ``ModelViewSet`` or
``SnippetViewSet``; each of its views then

* lists, opens, edits, deletes and shows the history of only the rows of the
  agencies where the person holds one of ``agency_roles`` (another agency's row
  is a 404), following ``agency_field`` from a row to its agency;
* on create, puts the row in an agency where the person holds one of
  ``agency_managing_roles``: their own when they hold it there, else the only
  one, else the one they choose from those (an "agency" field); nobody holding
  it anywhere is refused (403);
* limits every choice of the form that points to rows of an agency
  (departments, people, programmes, audits …) to the row's agency, and
  refuses a choice of another agency's row when the form is sent.

The core names no app: a related model's path to its agency is found on the
model (an ``agency`` foreign key, or its queryset's ``agency_field`` /
``department_field``), or given per form field in ``agency_paths``.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from qms import roles
from qms.models import Agency, Department, RoleGrant, User

ALL = roles.ALL
# Who sees an agency's registers in the admin unless a viewset says otherwise.
SEEN_IN_AGENCY = (roles.ISO_SECRETARY, roles.DEPARTMENT_HEAD, roles.APPROVER, roles.INTERNAL_AUDITOR, roles.OVERSEER)
MANAGED_IN_AGENCY = (roles.ISO_SECRETARY,)


def agency_path(model):
    """The lookup path from a row of this model to its agency, or None when the model belongs to no agency."""
    if model is Agency:
        return "pk"
    try:
        field = model._meta.get_field("agency")
    except FieldDoesNotExist:
        field = None
    if field is not None and field.is_relation and field.related_model is Agency:
        return "agency"
    queryset_class = type(model._default_manager.all())
    if path := getattr(queryset_class, "agency_field", None):
        return path
    if path := getattr(queryset_class, "department_field", None):
        return f"{path}__agency"
    return None


def in_agencies(model, agency_ids, path=None):
    """A Q of the rows of this model that belong to one of these agencies (a person: theirs, or by a grant)."""
    path = path or agency_path(model)
    condition = models.Q(**{f"{path}__in": agency_ids})
    if model is User:
        condition |= models.Q(pk__in=RoleGrant.objects.filter(agency_id__in=agency_ids).values("user_id"))
    return condition


def agency_of_value(value, path):
    """The agency id a chosen row leads to along ``path`` (relations followed in memory), or None."""
    parts = path.split("__")
    for part in parts[:-1]:
        value = getattr(value, part, None)
        if value is None:
            return None
    if parts[-1] == "pk":
        return value.pk
    return getattr(value, f"{parts[-1]}_id", None)


class AgencyFormMixin:
    """Put in front of the view's form class (see AgencyViewMixin.get_form_class)."""

    # Set on the class made for one request.
    agency_field = "agency"  # the path from the form's values to the row's agency
    agency_paths = {}
    choice_agencies = ALL  # ids the row may go to (a create), or ALL
    row_agency = None  # the row's agency id when it is fixed (an edit, or one agency)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "agency" in self.fields and self.agency_field == "agency":
            field = self.fields["agency"]
            agencies = Agency.objects.all()
            if self.row_agency is not None:
                agencies = agencies.filter(pk=self.row_agency)
                field.initial = self.row_agency
                field.disabled = True
            elif self.choice_agencies != ALL:
                agencies = agencies.filter(pk__in=self.choice_agencies)
            field.queryset = agencies
            field.required = True
            field.empty_label = None if self.row_agency is not None else field.empty_label
        limit = [self.row_agency] if self.row_agency is not None else self.choice_agencies
        for _name, field, path in self._agency_owned_fields():
            if limit != ALL:
                field.queryset = field.queryset.filter(in_agencies(field.queryset.model, limit, path))
                if field.queryset.model is User:
                    field.queryset = field.queryset.distinct()

    def _agency_owned_fields(self):
        for name, field in self.fields.items():
            if name == "agency" or not isinstance(field, forms.ModelChoiceField):
                continue
            path = self.agency_paths[name] if name in self.agency_paths else agency_path(field.queryset.model)
            if path:
                yield name, field, path

    def chosen_agency(self, cleaned):
        """The agency id the row goes to, as the form stands."""
        if self.row_agency is not None:
            return self.row_agency
        parts = self.agency_field.split("__")
        if parts == ["agency"]:
            agency = cleaned.get("agency") or getattr(self.instance, "agency", None)
            return getattr(agency, "pk", None)
        value = cleaned.get(parts[0])
        if value is None:
            return None
        return agency_of_value(value, "__".join(parts[1:]))

    def clean(self):
        cleaned = super().clean()
        agency_id = self.chosen_agency(cleaned)
        if agency_id is None:
            return cleaned
        if self.choice_agencies != ALL and agency_id not in self.choice_agencies:
            self.add_error(None, _("You may not add records to this agency."))
            return cleaned
        for name, field, path in self._agency_owned_fields():
            value = cleaned.get(name)
            if value is None:
                continue
            chosen = list(value) if isinstance(field, forms.ModelMultipleChoiceField) else [value]
            if not chosen:
                continue
            model = field.queryset.model
            pks = {item.pk for item in chosen}
            fitting = set(
                model._default_manager.filter(in_agencies(model, [agency_id], path), pk__in=pks).values_list(
                    "pk", flat=True
                )
            )
            if pks - fitting:
                self.add_error(name, _("Choose only from the agency's own records."))
        if "agency" not in self.fields and hasattr(self.instance, "agency_id") and self.instance.agency_id is None:
            self.instance.agency_id = agency_id
        return cleaned


class AgencyViewMixin:
    """Put in front of each view class of an AgencyViewSetMixin viewset."""

    agency_field = "agency"
    agency_form_field = None
    agency_roles = SEEN_IN_AGENCY
    agency_managing_roles = MANAGED_IN_AGENCY
    agency_paths = {}

    # Listings -------------------------------------------------------------------

    def seen_agencies(self):
        return roles.agencies_with_role(self.request.user, *self.agency_roles)

    def in_seen_agencies(self, queryset):
        agencies = self.seen_agencies()
        # A history view lists log entries, not rows: its row is narrowed through get_object.
        if agencies == ALL or queryset.model is not self.model:
            return queryset
        return queryset.filter(**{f"{self.agency_field}__in": agencies})

    def get_base_queryset(self):
        return self.in_seen_agencies(super().get_base_queryset())

    def get_base_object_queryset(self):
        queryset = super().get_base_object_queryset()
        # Someone who sees no agency's rows is refused in get_object, not told "not found".
        return self.in_seen_agencies(queryset) if self.seen_agencies() else queryset

    # One row ----------------------------------------------------------------------

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is None or obj.pk is None:
            return obj
        if not self.seen_agencies():
            # No agency where the person sees such rows: refused, as the permission check would
            # (Wagtail's history and usage views look the row up before checking).
            raise PermissionDenied
        manager = self.model._default_manager
        if not self.in_seen_agencies(manager.filter(pk=obj.pk)).exists():
            raise Http404
        return obj

    def row_agency_id(self):
        """The agency of the row being edited, or None on a create."""
        obj = getattr(self, "object", None)
        if obj is None or obj.pk is None:
            return None
        cached = getattr(self, "_row_agency_id", None)
        if cached is None:
            cached = self.model._default_manager.filter(pk=obj.pk).values_list(self.agency_field, flat=True).first()
            self._row_agency_id = cached
        return cached

    # Create ------------------------------------------------------------------------

    def managed_agencies(self):
        return roles.agencies_with_role(self.request.user, *self.agency_managing_roles)

    def agency_for_new_row(self):
        """(fixed agency id or None, the ids to choose from or ALL); PermissionDenied when none."""
        user = self.request.user
        managed = self.managed_agencies()
        if managed == ALL:
            return None, ALL
        if not managed:
            raise PermissionDenied
        if user.agency_id in managed:
            return user.agency_id, managed
        if len(managed) == 1:
            return next(iter(managed)), managed
        return None, managed

    def dispatch(self, request, *args, **kwargs):
        if self._uses_form() and getattr(self, "view_name", None) == "create" and request.user.is_authenticated:
            self.agency_for_new_row()  # refuses (403) a person managing no agency
        return super().dispatch(request, *args, **kwargs)

    def _uses_form(self):
        return hasattr(self, "get_form_class") and hasattr(self, "form_class")

    def get_form_class(self):
        form_class = super().get_form_class()
        if not issubclass(form_class, forms.ModelForm):
            return form_class  # a delete view's confirmation form holds no row
        cached = getattr(self, "_agency_form_class", None)
        if cached is not None and cached[0] is form_class:
            return cached[1]
        if self.row_agency_id() is not None:
            fixed, choices = self.row_agency_id(), ALL
        else:
            fixed, choices = self.agency_for_new_row()
        form_path = self.agency_form_field or self.agency_field
        attrs = {
            "agency_field": form_path,
            "agency_paths": self.agency_paths,
            "choice_agencies": choices,
            "row_agency": fixed,
            "__module__": __name__,
        }
        if form_path == "agency" and "agency" not in form_class.base_fields:
            fields = list(getattr(form_class._meta, "fields", None) or [])
            if fields and fields != forms.ALL_FIELDS:
                attrs["Meta"] = type("Meta", (form_class.Meta,), {"fields": [*fields, "agency"]})
        agency_form = type(f"Agency{form_class.__name__}", (AgencyFormMixin, form_class), attrs)
        self._agency_form_class = (form_class, agency_form)
        return agency_form


class AgencyListingFiltersMixin:
    """Put in front of a listing (index) view of an AgencyViewSetMixin viewset, after AgencyViewMixin."""

    @cached_property
    def filters(self):
        """The listing's filters offer only the rows of the agencies seen (departments, audits, people …)."""
        filterset = super().filters
        agencies = self.seen_agencies()
        if filterset is None or agencies == ALL:
            return filterset
        for name, list_filter in filterset.filters.items():
            queryset = getattr(list_filter, "queryset", None)
            if not isinstance(queryset, models.QuerySet) or not (path := agency_path(queryset.model)):
                continue
            narrowed = queryset.filter(in_agencies(queryset.model, agencies, path))
            if queryset.model is User:
                narrowed = narrowed.distinct()
            list_filter.queryset = narrowed
            if name in filterset.form.fields:
                filterset.form.fields[name].queryset = narrowed
        return filterset


def open_button_index_view(detail_url, *, edit_opens_record=False):
    """A listing (IndexView) whose rows open the record's own page: the title links there and an
    "Open" item leads the row's menu, wherever ``detail_url(instance)`` gives a URL. With
    ``edit_opens_record`` the "Edit" item opens that page too, for records changed only from their
    own page (or never). The row's menu never offers a delete."""

    class OpenIndexView(generic.IndexView):
        def get_edit_url(self, instance):
            if edit_opens_record:
                return detail_url(instance)
            return super().get_edit_url(instance)

        def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
            # The record's title opens its own page (where its actions are), not the edit form,
            # which may refuse it. Wagtail has no public hook for the title column's link.
            column_class = self._get_title_column_class(column_class)

            def get_url(instance):
                return detail_url(instance) or self.get_edit_url(instance)

            return self._get_custom_column(field_name, column_class, get_url=get_url, **kwargs)

        def get_list_more_buttons(self, instance):
            buttons = [b for b in super().get_list_more_buttons(instance) if "delete" not in (b.url or "")]
            url = detail_url(instance)
            if url:
                buttons.insert(0, Button(_("Open"), url=url, icon_name="view", priority=1))
            return buttons

    return OpenIndexView


class AgencyViewSetMixin:
    """Put in front of a ModelViewSet or SnippetViewSet: its views respect agencies (module docstring).

    ``agency_field``: the path from a row to its agency ("agency", "programme__agency"),
    None for rows the whole province shares (the views are left as they are).
    ``agency_roles``: the roles that see the rows of an agency where they hold.
    ``agency_managing_roles``: the roles that add rows to an agency where they hold.
    ``agency_form_field``: the path from the form's values to the row's agency when the
    row's own agency is set on saving ("department__agency"); ``agency_field`` by default.
    ``agency_paths``: {form field name: path from a chosen row to its agency}, where
    the related model does not say it itself.
    """

    agency_field = "agency"
    agency_form_field = None
    agency_roles = SEEN_IN_AGENCY
    agency_managing_roles = MANAGED_IN_AGENCY
    agency_paths = {}

    def construct_view(self, view_class, **kwargs):
        if self.agency_field is None:  # rows of no agency (shared by the province)
            return super().construct_view(view_class, **kwargs)
        if not issubclass(view_class, AgencyViewMixin):
            bases = (AgencyViewMixin, view_class)
            if issubclass(view_class, generic.IndexView):
                bases = (AgencyListingFiltersMixin, *bases)
            view_class = type(view_class.__name__, bases, {"__module__": view_class.__module__})
        kwargs.update(
            agency_field=self.agency_field,
            agency_form_field=self.agency_form_field,
            agency_roles=self.agency_roles,
            agency_managing_roles=self.agency_managing_roles,
            agency_paths=self.agency_paths,
        )
        return super().construct_view(view_class, **kwargs)


# The core's own screens ------------------------------------------------------------


class SuperusersOnlyPolicy(ModelPermissionPolicy):
    """Agencies are set up by the installation's administrators (superusers) alone.

    An agency owns every record of its QMS: it is closed (made inactive), never deleted.
    """

    def user_has_permission(self, user, action):
        return bool(action != "delete" and user.is_active and user.is_superuser)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions, **kwargs):
        if not set(actions) - {"delete"}:
            return User.objects.none()
        return User.objects.filter(is_active=True, is_superuser=True)


class AgencyAdminViewSet(ModelViewSet):
    """The agencies of the province (qms/wagtail_hooks.py gives superusers alone the rights on them)."""

    model = Agency
    icon = "site"
    menu_label = _("Agencies")
    menu_order = 150
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["agency_name", "code", "level", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["agency_name", "code"]
    form_fields = [
        "agency_name",
        "code",
        "level",
        "parent",
        "superior_body",
        "address",
        "public_url",
        "iso_edition",
        "stamp_controlled",
        "stamp_uncontrolled",
        "stamp_obsolete",
        "shares_documents",
        "is_active",
    ]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, **kwargs)


class RoleGrantPolicy(ModelPermissionPolicy):
    """An ISO secretary grants the roles of their agency (the rows are narrowed to it by the views)."""

    def _may(self, user):
        return bool(user.is_active and (user.is_superuser or roles.has_role(user, roles.ISO_SECRETARY)))

    def user_has_permission(self, user, action):
        return self._may(user)

    def user_has_any_permission(self, user, actions):
        return self._may(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return user.is_active and (
            user.is_superuser or roles.has_role(user, roles.ISO_SECRETARY, agency=instance.agency_id)
        )


def person_with_agency(person):
    return f"{person} ({person.agency})" if person.agency_id else str(person)


class RoleGrantViewSet(AgencyViewSetMixin, ModelViewSet):
    """Roles held in another agency: the ISO secretary of an agency gives them to people of other agencies."""

    model = RoleGrant
    icon = "group"
    menu_label = _("Roles in other agencies")
    menu_order = 160
    add_to_settings_menu = True
    copy_view_enabled = False
    agency_roles = (roles.ISO_SECRETARY,)
    agency_managing_roles = (roles.ISO_SECRETARY,)
    # The person comes from another agency: any active person may be chosen.
    agency_paths = {"user": ""}
    list_display = ["user", "agency", "role", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__full_name", "user__username"]
    form_fields = ["user", "agency", "role"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        field = super().formfield_for_dbfield(db_field, **kwargs)
        if db_field.name == "user":
            field.queryset = User.objects.filter(is_active=True).select_related("agency").order_by("full_name")
            field.label_from_instance = person_with_agency
        return field


class NeverDeletedPolicy(ModelPermissionPolicy):
    """The model's permissions, without deleting: not even a superuser deletes a kept row."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions, **kwargs):
        return super().users_with_any_permission(set(actions) - {"delete"}, **kwargs)


class DepartmentViewSet(AgencyViewSetMixin, ModelViewSet):
    """The departments of an agency: its ISO secretary adds them and names their parent unit and head.

    A department is kept (never deleted): records name it.
    """

    model = Department
    icon = "group"
    menu_label = _("Departments")
    menu_order = 155
    add_to_settings_menu = True
    copy_view_enabled = False
    agency_managing_roles = (roles.ISO_SECRETARY,)
    list_display = ["name", "code", "parent", "head", "agency"]
    list_filter = ["agency"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "parent", "head"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        field = super().formfield_for_dbfield(db_field, **kwargs)
        if db_field.name == "head":
            field.queryset = User.objects.filter(is_active=True).order_by("full_name")
        return field
