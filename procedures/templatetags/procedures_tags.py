from django import template

from procedures.models.blocks import format_days

register = template.Library()


@register.filter
def days(value):
    """A number of working days the Vietnamese way: 0,5."""
    if value in (None, ""):
        return ""
    return format_days(value)
