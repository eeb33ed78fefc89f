from django import template
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from qms import registry

register = template.Library()


@register.filter
def css_string(value):
    """A CSS string literal of any text: every character but ASCII letters and
    digits becomes a six-digit hex escape, so nothing in it can end the string
    or the <style> element."""
    escaped = "".join(c if (c.isascii() and c.isalnum()) else f"\\{ord(c):06x}" for c in str(value))
    return mark_safe(f'"{escaped}"')  # noqa: S308 - only letters, digits and hex escapes


@register.simple_tag(takes_context=True)
def portal_menu(context):
    """The apps' links of the portal's main menu (qms.registry.add_portal_menu_item), in order,
    each one shown only to the people its ``shown_to`` accepts."""
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    return [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in registry.portal_menu()
        if item.shown_to is None or (user is not None and import_string(item.shown_to)(user))
    ]
