"""A document type's standard structure, edited by the ISO secretary in the type's admin form.

The structure is stored as plain JSON on the type (why: procedures.models.document_types); here it
is edited with Wagtail's own list-of-blocks widget (add, remove, reorder parts, each a kind and a
heading), the same widget as the document's body, so the secretary sees the parts as the author
will. A type whose structure was never edited is shown its kind's standard structure, which is
what its new documents start with until it is saved otherwise.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.base import BlockWidget

from procedures.models.blocks import SECTION_KINDS
from procedures.models.document_types import standard_structure

PART_KINDS = [
    *SECTION_KINDS,
    ("legal_basis", _("Legal basis")),
    ("steps_table", _("Steps table")),
    ("records_kept", _("Records kept")),
    ("forms", _("Forms")),
]


class PartBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=PART_KINDS, label=_("Part"), default="other")
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=255,
        required=False,
        help_text=_("Without its number: the document numbers its parts. Empty: the part's name."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Part")


def structure_block():
    return blocks.ListBlock(PartBlock(), label=_("Standard structure"))


def as_parts(value):
    """A list of parts as stored: [{"kind": ..., "heading": ...}, ...]."""
    return [{"kind": part["kind"], "heading": (part["heading"] or "").strip()} for part in value or []]


MALFORMED = object()


class StructureWidget(BlockWidget):
    """Wagtail's block widget, for a form posted without the list (kept as it is, as Django does for
    any field left out) or with a broken one (refused with a form error, not a server error)."""

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-count" not in data

    def value_from_datadict(self, data, files, name):
        if self.value_omitted_from_data(data, files, name):
            return None
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError):
            return MALFORMED


class StructureField(blocks.BlockField):
    def __init__(self, **kwargs):
        block = structure_block()
        block.set_name("structure")
        super().__init__(block=block, widget=StructureWidget(block), **kwargs)

    def prepare_value(self, value):
        if value is MALFORMED:
            return self.block.to_python([])
        if value is None or isinstance(value, list):
            return self.block.to_python(value or [])
        return value

    def clean(self, value):
        if value is None:
            return []
        if value is MALFORMED:
            raise ValidationError(_("The standard structure sent is incomplete: reload the page and try again."))
        return as_parts(super().clean(value))

    def has_changed(self, initial, data):
        if data is None or data is MALFORMED:
            return False
        return as_parts(self.prepare_value(initial)) != as_parts(self.prepare_value(data))


class StructureFormMixin:
    """A new type, or one whose structure was never edited, starts from its kind's standard one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "structure" in self.fields and not self.is_bound and not self.instance.structure:
            self.initial["structure"] = standard_structure(self.instance.prefix)
