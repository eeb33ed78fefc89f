"""Reading the citizens' satisfaction survey results (.xlsx or .csv) with the one-stop import's
reader (planning.table_import) and machinery (planning.onestop_import): the same upload, preview
and all-or-nothing confirmation, the same "Row N, column X: …" errors.

Columns (any order, Vietnamese or English headers): the procedure's code, the month (MM/YYYY),
the survey forms collected and how many were satisfied. A bad cell, an unknown code, more
satisfied than forms, a row repeated or a month already recorded rejects the whole file.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from planning.models import SatisfactionResult
from planning.table_import import MonthlyTable


def column_labels():
    return {
        "responses": _("survey forms collected"),
        "satisfied": _("satisfied"),
    }


@dataclass
class Row:
    number: int
    document: object
    month: datetime.date
    responses: int
    satisfied: int

    @property
    def rate(self):
        return round(100 * self.satisfied / self.responses, 1) if self.responses else None


def contradiction(counts):
    if counts["satisfied"] > counts["responses"]:
        return "satisfied", _("more satisfied answers than survey forms (%(n)s)") % {"n": counts["responses"]}
    return None


TABLE = MonthlyTable(
    columns={
        "so phieu": "responses",
        "so phieu khao sat": "responses",
        "phieu khao sat": "responses",
        "so nguoi tra loi": "responses",
        "responses": "responses",
        "survey forms": "responses",
        "hai long": "satisfied",
        "so hai long": "satisfied",
        "so phieu hai long": "satisfied",
        "satisfied": "satisfied",
    },
    labels=column_labels,
    not_a_count=gettext_lazy("not a whole number of survey forms"),
    row=Row,
    recorded=SatisfactionResult,
    already_recorded=gettext_lazy("%(code)s %(month)s was already recorded"),
    no_rows=gettext_lazy("The file holds no rows of survey results."),
    contradiction=contradiction,
)
parse = TABLE.parse


def write(rows, upload, user):
    results = [
        SatisfactionResult(
            agency_id=upload.agency_id,
            source=upload,
            document=row.document,
            department_id=row.document.owner_department_id,
            month=row.month,
            responses=row.responses,
            satisfied=row.satisfied,
            entered_by=user,
        )
        for row in rows
    ]
    bulk_create_with_history(results, SatisfactionResult, default_user=user)
    return len(results)
