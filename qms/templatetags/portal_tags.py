from django import template
from django.urls import reverse
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


@register.simple_tag
def portal_menu():
    """The apps' links of the portal's main menu (qms.registry.add_portal_menu_item), in order."""
    return [{"label": item.label, "url": reverse(item.url_name)} for item in registry.portal_menu()]
