from django import template

from procedures.documents.headings import numbered_blocks
from procedures.models.blocks import format_days

register = template.Library()


@register.filter
def days(value):
    """A number of working days the Vietnamese way: 0,5."""
    if value in (None, ""):
        return ""
    return format_days(value)


@register.simple_tag
def numbered_body(body):
    """The body's blocks with their numbers and headings (procedures.documents.headings)."""
    return numbered_blocks(body)
