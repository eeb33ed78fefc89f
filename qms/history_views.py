"""The admin's history of a model kept by django-simple-history: who, when,
and what changed, each row against the one before it."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.history import HistoryView

CHANGE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def display_value(record, field_name, value):
    field = record.instance_type._meta.get_field(field_name)
    if value in (None, ""):
        return "–"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    return str(value)


def describe_changes(record, previous):
    if previous is None:
        return ""
    delta = record.diff_against(previous)
    parts = []
    for change in delta.changes:
        try:
            label = record.instance_type._meta.get_field(change.field).verbose_name
        except Exception:  # noqa: BLE001 - a field since removed from the model
            label = change.field
        old = display_value(record, change.field, change.old)
        new = display_value(record, change.field, change.new)
        parts.append(f"{label}: {old} → {new}")
    return "; ".join(parts)


class SimpleHistoryMixin:
    """Replaces Wagtail's log-entry history with the model's historical rows."""

    any_permission_required = ["add", "change", "delete", "view"]
    filterset_class = None
    paginate_by = 50

    @cached_property
    def columns(self):
        return [
            DateColumn("history_date", label=_("Date"), width="15%"),
            Column("who", label=_("User"), width="20%"),
            Column("change_label", label=_("Action"), width="10%"),
            Column("changes", label=_("What changed")),
        ]

    @cached_property
    def header_buttons(self):
        return []

    def get_base_queryset(self):
        return self.object.history.select_related("history_user").order_by("-history_date", "-history_id")

    def get_queryset(self):
        return self.get_base_queryset()

    def get_table(self, object_list):
        return super().get_table(self.describe_rows(object_list))

    def describe_rows(self, object_list):
        rows = list(object_list)
        for row in rows:
            previous = row.prev_record
            row.who = str(row.history_user) if row.history_user else _("system")
            row.change_label = CHANGE_LABELS.get(row.history_type, row.history_type)
            row.changes = describe_changes(row, previous) or (row.history_change_reason or "")
        return rows


class SimpleHistoryView(SimpleHistoryMixin, HistoryView):
    pass
