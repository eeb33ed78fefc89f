"""StreamField blocks following the structure of a Vietnamese procedure:
purpose, scope, references, terms, content with the steps table, records kept,
legal basis, and forms (biểu mẫu)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

SECTION_KINDS = [
    ("purpose", _("Purpose")),
    ("scope", _("Scope")),
    ("references", _("References")),
    ("terms", _("Terms, definitions and abbreviations")),
    ("content", _("Procedure content")),
    ("other", _("Other")),
]


def format_days(value):
    """0.5 -> "0,5": Vietnamese writes decimals with a comma."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


class SectionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=SECTION_KINDS, label=_("Section"), default="other")
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=255,
        required=False,
        help_text=_("Numbered when shown (1., 2., ...). Empty: the section's name."),
    )
    body = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "ol", "ul", "link", "document-link", "h3", "h4"]
    )

    class Meta:
        icon = "doc-full"
        label = _("Section")
        template = "procedures/blocks/section.html"


class StepBlock(blocks.StructBlock):
    step = blocks.CharBlock(label=_("Step"), max_length=20)
    action = blocks.TextBlock(label=_("Sequence of work"))
    responsible = blocks.CharBlock(label=_("Responsible"), max_length=255)
    time_days = blocks.DecimalBlock(
        label=_("Time (working days)"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    time_note = blocks.CharBlock(
        label=_("Time (as written)"),
        required=False,
        max_length=100,
        help_text=_("e.g. 'Giờ hành chính'. Leave empty to print the days."),
    )
    result = blocks.CharBlock(label=_("Form or result"), required=False, max_length=255)

    class Meta:
        icon = "list-ol"
        label = _("Step")
        # One row of the steps grid (procedures/admin/steps_grid.py).
        form_template = "procedures/blocks/step_form.html"


class StepsTableBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=255, default="Trình tự thực hiện")
    processing_time_days = blocks.DecimalBlock(
        label=_("Legal processing time (working days)"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("When given, the steps' times may not add up to more than this."),
    )
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Steps table")
        template = "procedures/blocks/steps_table.html"

    def clean(self, value):
        value = super().clean(value)
        limit = value.get("processing_time_days")
        if limit is not None:
            total = sum((step.get("time_days") or Decimal(0) for step in value["steps"]), Decimal(0))
            if total > limit:
                raise StructBlockValidationError(
                    block_errors={
                        "processing_time_days": ValidationError(
                            _(
                                "The steps add up to %(total)s working days, "
                                "more than the processing time of %(limit)s."
                            ),
                            params={"total": format_days(total), "limit": format_days(limit)},
                        )
                    }
                )
        return value


class RecordKeptBlock(blocks.StructBlock):
    # Optional link to the records list; rows saved before it existed simply have none.
    record_type = SnippetChooserBlock(
        "procedures.RecordType",
        label=_("Record type (records list)"),
        required=False,
        help_text=_("Optional: the entry of the records list this row follows."),
    )
    record = blocks.CharBlock(label=_("Record"), max_length=255)
    form_code = blocks.CharBlock(label=_("Form code"), required=False, max_length=50)
    keeper = blocks.CharBlock(label=_("Kept by"), max_length=255)
    retention = blocks.CharBlock(label=_("Retention"), max_length=100)
    place = blocks.CharBlock(label=_("Place"), required=False, max_length=255)

    class Meta:
        icon = "folder-open-inverse"


class RecordsKeptBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=255, default="Hồ sơ lưu")
    records = blocks.ListBlock(RecordKeptBlock(), label=_("Records"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Records kept")
        template = "procedures/blocks/records_kept.html"


class LegalBasisBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=255, default="Cơ sở pháp lý")
    items = blocks.ListBlock(blocks.CharBlock(max_length=500, label=_("Legal document")), label=_("Legal documents"))

    class Meta:
        icon = "openquote"
        label = _("Legal basis")
        template = "procedures/blocks/legal_basis.html"


class FormBlock(blocks.StructBlock):
    code = blocks.CharBlock(label=_("Form code"), max_length=50)
    title = blocks.CharBlock(label=_("Form title"), max_length=255)
    file = DocumentChooserBlock(label=_("File"), required=False)

    class Meta:
        icon = "doc-empty"


class FormsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=255, default="Biểu mẫu")
    forms = blocks.ListBlock(FormBlock(), label=_("Forms"))

    class Meta:
        icon = "doc-empty-inverse"
        label = _("Forms")
        template = "procedures/blocks/forms.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "procedures/blocks/image.html"


class QualityObjectivesBlock(blocks.StructBlock):
    """The quality objectives document (MTCL) cites the agency's objectives of a year. The issue freezes
    the heading and the year only; the reading page shows the objectives with their achievement at the
    moment it is read (procedures.portal.objectives)."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=255, default="Mục tiêu chất lượng")
    year = blocks.IntegerBlock(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        icon = "crosshairs"
        label = _("Quality objectives")
        template = "procedures/blocks/quality_objectives.html"


# A table of the document other than the steps and records tables (e.g. a
# dossier's components): Wagtail's table block, with merged cells kept.
TABLE_OPTIONS = {"mergeCells": True, "contextMenu": True}


class DocumentBodyBlock(blocks.StreamBlock):
    section = SectionBlock()
    legal_basis = LegalBasisBlock()
    steps_table = StepsTableBlock()
    records_kept = RecordsKeptBlock()
    forms = FormsBlock()
    table = TableBlock(label=_("Table"), table_options=TABLE_OPTIONS, template="procedures/blocks/table.html")
    image = ImageBlock()
    quality_objectives = QualityObjectivesBlock()

    class Meta:
        block_counts = {"steps_table": {"max_num": 3}}
