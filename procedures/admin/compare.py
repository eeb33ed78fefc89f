"""The revisions compare view names a section's kind ("Mục đích"), not its stored value ("purpose").

Wagtail compares a choice block by rendering its value, the raw choice key. The
body's choice blocks are given a comparison that shows the choice's label; attached
at start-up (procedures.admin.editor.attach) so that the blocks import no admin code.
"""

from django.utils.encoding import force_str
from django.utils.html import escape
from wagtail import blocks
from wagtail.admin.compare import CharBlockComparison, diff_text


class ChoiceLabelComparison(CharBlockComparison):
    def label(self, value):
        return force_str(dict(self.block.field.choices).get(value, value or ""))

    def htmldiff(self):
        return diff_text(self.label(self.val_a), self.label(self.val_b)).to_html()

    def htmlvalue(self, val):
        return escape(self.label(val))


def label_choices(block):
    """Give every choice block under ``block`` (a StreamField's stream block) the labelled comparison."""
    if isinstance(block, blocks.ChoiceBlock):
        block.get_comparison_class = lambda: ChoiceLabelComparison
    for child in getattr(block, "child_blocks", {}).values():
        label_choices(child)
    if isinstance(block, blocks.ListBlock):
        label_choices(block.child_block)
