"""The steps table edited as a grid, like the Word table of a procedure.

StepsTableBlock keeps its data (heading, legal processing time, a list of
StepBlock): only its editor changes. The adapter gives the block's client-side
definition the column labels and messages, translated on the server, and the
JavaScript (procedures/static/procedures/steps-grid.js) lays each step out as
one row, numbers the steps B1, B2 … and adds up their times against the legal
processing time. The server keeps refusing an over-limit table
(StepsTableBlock.clean)."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockAdapter

from procedures.models.blocks import StepsTableBlock


def grid_strings():
    """What the grid shows besides the fields' own labels; %(total)s and %(limit)s
    are filled in the browser, with a decimal comma."""
    return {
        "columns": [
            _("Step"),
            _("Work to do"),
            _("Responsible"),
            _("Time"),
            _("Forms, results"),
        ],
        "add": _("Add a step"),
        # Names the "time as written" box on one row, where its label is read out only.
        "notePlaceholder": _("or in words"),
        "addHint": _("Enter in the last box of a row adds a step after it; so does Tab at the end of the last row."),
        "total": _("Total time: %(total)s / %(limit)s working days"),
        "totalNoLimit": _("Total time: %(total)s working days"),
        "over": _("Over the legal processing time by %(over)s working days."),
    }


class StepsTableBlockAdapter(StructBlockAdapter):
    js_constructor = "procedures.blocks.StepsTableBlock"

    def js_args(self, block):
        name, children, meta = super().js_args(block)
        meta = {
            **meta,
            "stepsGrid": {
                "strings": grid_strings(),
                # The child blocks the grid reads: the legal time, the list, a step's number and time.
                "limitField": "processing_time_days",
                "stepsField": "steps",
                "stepField": "step",
                "timeField": "time_days",
            },
        }
        return [name, children, meta]

    @cached_property
    def media(self):
        base = super().media
        return forms.Media(
            js=[*base._js, versioned_static("procedures/steps-grid.js")],
            css={"all": [versioned_static("procedures/steps-grid.css")]},
        )


def register_adapter():
    register(StepsTableBlockAdapter(), StepsTableBlock)
