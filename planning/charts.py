"""The dashboard's and the minutes' charts, drawn by pygal as SVG on the server.

No JavaScript (pygal's interactive script is left out): the SVG is shown as an
image (``data:`` URI, allowed by the content security policy) on the screen and
in the PDF alike, and every chart comes with its numbers as a table (the
templates), for screen readers and export. Each function takes plain figures
(planning.performance, or a review's stored inputs) and returns the data URI.
"""

import base64

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#666",
    colors=("#1f5f9e", "#c0392b", "#e08e0b", "#2e8b57", "#7d3c98"),
    font_family="Liberation Serif, Times New Roman, serif",
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=12,
    title_font_size=14,
    value_font_size=10,
)


def _options(**extra):
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 760,
        "height": 320,
        "explicit_size": True,
        "legend_at_bottom": True,
        "print_values": False,
        "truncate_label": 24,
        **extra,
    }


def _uri(chart):
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def on_time_trend(months):
    """months: [(label, rate or None)] -> a line of the on-time rate (%) per month."""
    rates = [rate for _label, rate in months if rate is not None]
    floor = max(0, int(min(rates, default=0) // 10 * 10) - 10)
    chart = pygal.Line(**_options(range=(floor, 100), show_dots=True, x_label_rotation=0))
    chart.title = _("On-time rate of dossiers (%)")
    chart.x_labels = [label for label, _rate in months]
    chart.add(_("On time (%)"), [rate for _label, rate in months])
    return _uri(chart)


def satisfaction_trend(months):
    """months: [(label, rate or None)] -> a line of the citizens' satisfaction (%) per month."""
    rates = [rate for _label, rate in months if rate is not None]
    floor = max(0, int(min(rates, default=0) // 10 * 10) - 10)
    chart = pygal.Line(**_options(range=(floor, 100), show_dots=True, x_label_rotation=0))
    chart.title = _("Citizens' satisfaction (%)")
    chart.x_labels = [label for label, _rate in months]
    chart.add(_("Satisfied (%)"), [rate for _label, rate in months])
    return _uri(chart)


def objectives(rows):
    """rows: [(indicator, latest value or None, target)] -> bars of the latest value beside the target."""
    chart = pygal.Bar(**_options(x_label_rotation=20 if len(rows) > 4 else 0))
    chart.title = _("Quality objectives: latest result and target")
    chart.x_labels = [label for label, _value, _target in rows]
    chart.add(_("Latest result"), [None if value is None else float(value) for _label, value, _target in rows])
    chart.add(_("Target"), [float(target) for _label, _value, target in rows])
    return _uri(chart)


def actions_by_department(rows):
    """rows: [{department, open, overdue}] -> bars of open and overdue actions per department."""
    largest = max([1, *(row["open"] for row in rows)])
    step = max(1, largest // 10)
    chart = pygal.HorizontalBar(
        **_options(height=max(200, 60 + 40 * len(rows)), y_labels=list(range(0, largest + step, step)))
    )
    chart.title = _("Open and overdue corrective actions by department")
    chart.x_labels = [row["department"] for row in rows]
    chart.add(_("Open"), [row["open"] for row in rows])
    chart.add(_("Overdue"), [row["overdue"] for row in rows])
    return _uri(chart)
