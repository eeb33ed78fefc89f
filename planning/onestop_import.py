"""Reading the monthly dossier statistics the one-stop software exports (.xlsx or .csv), and the
all-or-nothing confirmation of an upload of either kind (planning.imports).

The file is read by planning.table_import (its columns in any order, Vietnamese or English
headers): each row is one procedure in one month, with the dossiers received, settled on time,
settled late and pending. Every row is checked before any is written: one bad cell, an unknown
code or a month already imported rejects the whole file, and each problem names its row and column.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from planning.models import DossierStatistic, OneStopImport
from planning.table_import import ImportRejected, MonthlyTable


def column_labels():
    return {
        "received": _("received"),
        "on_time": _("settled on time"),
        "late": _("settled late"),
        "pending": _("pending"),
    }


@dataclass
class Row:
    number: int  # the row of the file (1 = the headers)
    document: object
    month: datetime.date
    received: int
    on_time: int
    late: int
    pending: int


TABLE = MonthlyTable(
    # Folded header text (no accents, lower case, single spaces) -> field, besides the code and the month.
    columns={
        "tiep nhan": "received",
        "so ho so tiep nhan": "received",
        "received": "received",
        "dung han": "on_time",
        "giai quyet dung han": "on_time",
        "da giai quyet dung han": "on_time",
        "on time": "on_time",
        "settled on time": "on_time",
        "tre han": "late",
        "qua han": "late",
        "giai quyet tre han": "late",
        "da giai quyet qua han": "late",
        "late": "late",
        "settled late": "late",
        "dang giai quyet": "pending",
        "ton": "pending",
        "pending": "pending",
    },
    labels=column_labels,
    not_a_count=gettext_lazy("not a whole number of dossiers"),
    row=Row,
    recorded=DossierStatistic,
    already_recorded=gettext_lazy("%(code)s %(month)s was already imported"),
    no_rows=gettext_lazy("The file holds no rows of statistics."),
)
parse = TABLE.parse


def read_stored(upload):
    with upload.file.open("rb") as stored:
        return stored.read()


def preview(upload):
    """(rows, errors) of a stored upload, without writing anything."""
    try:
        return parse(upload.agency, upload.original_name, read_stored(upload)), []
    except ImportRejected as rejected:
        return [], rejected.errors


def confirm(upload, user, parse=parse, write=None):
    """Write every row of the upload, or none: (number of rows, errors). ``parse`` and ``write``
    (rows, upload, user -> number written) are those of the upload's kind (planning.imports)."""
    with transaction.atomic():
        upload = OneStopImport.objects.select_for_update().get(pk=upload.pk)
        if upload.status != OneStopImport.Status.UPLOADED:
            return 0, [_("This file was already imported or rejected.")]
        try:
            rows = parse(upload.agency, upload.original_name, read_stored(upload))
        except ImportRejected as rejected:
            upload.status = OneStopImport.Status.REJECTED
            upload.errors = "\n".join(rejected.errors)
            upload._history_user = user
            upload.save()
            return 0, rejected.errors
        count = (write or write_statistics)(rows, upload, user)
        upload.status = OneStopImport.Status.IMPORTED
        upload.rows = count
        upload.imported_at = timezone.now()
        upload._history_user = user
        upload.save()
    return count, []


def write_statistics(rows, upload, user):
    statistics = [
        DossierStatistic(
            agency_id=upload.agency_id,
            source=upload,
            document=row.document,
            department_id=row.document.owner_department_id,
            month=row.month,
            received=row.received,
            on_time=row.on_time,
            late=row.late,
            pending=row.pending,
        )
        for row in rows
    ]
    bulk_create_with_history(statistics, DossierStatistic, default_user=user)
    return len(statistics)
