"""URL converters. ``<id:pk>`` is ``<int:pk>`` limited to 18 digits: a number
too large for a database integer (``/kiem-soat/tai-lieu/99999999999999999999/``)
does not match, so the visitor gets the "not found" page instead of a database
error."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def register():
    register_converter(IdConverter, "id")
