"""Reading the citizens' satisfaction survey results (.xlsx or .csv), with the one-stop import's
machinery (planning.onestop_import): the same upload, preview and all-or-nothing confirmation,
the same "Row N, column X: …" errors.

Columns (any order, Vietnamese or English headers): the procedure's code, the month (MM/YYYY),
the survey forms collected and how many were satisfied. A bad cell, an unknown code, more
satisfied than forms, a row repeated or a month already recorded rejects the whole file.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from planning.models import SatisfactionResult
from planning.onestop_import import (
    ImportRejected,
    _count,
    _month,
    header_positions,
    procedures_by_code,
    row_error,
    table_rows,
)

FIELDS = ("code", "month", "responses", "satisfied")
COLUMNS = {
    "ma thu tuc": "code",
    "ma quy trinh": "code",
    "ma": "code",
    "procedure": "code",
    "procedure code": "code",
    "code": "code",
    "thang": "month",
    "ky": "month",
    "month": "month",
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
}


def column_labels():
    return {
        "code": _("procedure code"),
        "month": _("month"),
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


def parse(agency, name, data):
    rows = table_rows(name, data)
    labels = column_labels()
    positions = header_positions(rows[0], COLUMNS, FIELDS, labels)
    documents = procedures_by_code(agency)
    errors, checked, seen = [], [], {}
    for number, raw in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in raw):
            continue
        cells = {field: (raw[i] if i < len(raw) else None) for field, i in positions.items()}

        def bad(field, message, number=number):
            errors.append(row_error(number, labels[field], message))

        code = str(cells["code"] or "").strip().upper()
        document = documents.get(code)
        if not code:
            bad("code", _("empty"))
        elif document is None:
            bad("code", _("no procedure of the agency has the code %(code)s") % {"code": code})
        month = _month(cells["month"])
        if month is None:
            bad("month", _("not a month (write MM/YYYY)"))
        responses, satisfied = _count(cells["responses"]), _count(cells["satisfied"])
        if responses is None:
            bad("responses", _("not a whole number of survey forms"))
        if satisfied is None:
            bad("satisfied", _("not a whole number of survey forms"))
        elif responses is not None and satisfied > responses:
            bad("satisfied", _("more satisfied answers than survey forms (%(n)s)") % {"n": responses})
            continue
        if document is None or month is None or responses is None or satisfied is None:
            continue
        if (document.pk, month) in seen:
            bad(
                "month",
                _("%(code)s %(month)s already appears in row %(row)s")
                % {"code": code, "month": f"{month:%m/%Y}", "row": seen[(document.pk, month)]},
            )
            continue
        seen[(document.pk, month)] = number
        checked.append(Row(number, document, month, responses, satisfied))
    if checked:
        done = set(
            SatisfactionResult.objects.filter(
                document_id__in={r.document.pk for r in checked}, month__in={r.month for r in checked}
            ).values_list("document_id", "month")
        )
        for row in checked:
            if (row.document.pk, row.month) in done:
                errors.append(
                    row_error(
                        row.number,
                        labels["month"],
                        _("%(code)s %(month)s was already recorded")
                        % {"code": row.document.code, "month": f"{row.month:%m/%Y}"},
                    )
                )
    if not errors and not checked:
        errors.append(_("The file holds no rows of survey results."))
    if errors:
        raise ImportRejected(errors)
    return checked


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
