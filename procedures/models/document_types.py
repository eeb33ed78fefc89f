"""Document types: how the documents of a kind are numbered, reviewed, published and how a new
one starts.

A type's standard structure (``structure``) is the list of parts a new document of the type
starts with, each a kind and a heading: "Mục đích", "Phạm vi áp dụng", ... and for a procedure
the content with an empty steps table, the records kept and the forms. It is kept as plain JSON
(``[{"kind": "purpose", "heading": "Mục đích"}, ...]``), not as a StreamField: the table is in the
integrity chain through its history, whose rows are hashed from their values, and a list of
kinds and headings hashes, compares and restores as it is, where a StreamField's value would be
rendered. The ISO secretary edits it in the admin with Wagtail's list-of-blocks widget
(``procedures.admin.document_templates``). An empty list means the standard structure of the
type's kind (:data:`STANDARD_STRUCTURES`, chosen by the code prefix), so every type, old or new,
has a sensible one without any configuration.
"""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.history import HistoricalRecords


def validate_pattern(value):
    if "{number" not in value:
        raise ValidationError(_("The pattern must contain {number}, e.g. QT-{number:02d}."))
    try:
        value.format(number=1, prefix="X")
    except (KeyError, ValueError, IndexError) as exc:
        raise ValidationError(_("The pattern is not valid: %(error)s"), params={"error": exc}) from exc


class DocumentType(models.Model):
    """Quality manual, policy, procedure, form ...: how documents of a kind are numbered and reviewed."""

    agency = models.ForeignKey(
        "qms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="document_types"
    )
    name = models.CharField(_("name"), max_length=255)
    prefix = models.CharField(_("code prefix"), max_length=20, help_text=_("e.g. QT, HD, BM, STCL"))
    numbering_pattern = models.CharField(
        _("numbering pattern"),
        max_length=50,
        default="{prefix}-{number:02d}",
        validators=[validate_pattern],
        help_text=_("Python format with {prefix} and {number}, e.g. {prefix}-{number:02d} gives QT-01."),
    )
    review_interval_months = models.PositiveSmallIntegerField(_("default review interval (months)"), default=12)
    public = models.BooleanField(
        _("published to the public"),
        default=False,
        help_text=_(
            "The current issues of documents of this type are shown without signing in at /cong-khai/ "
            "(e.g. the internal procedures for administrative procedures, which the law requires to be public). "
            "A document may override this."
        ),
    )

    structure = models.JSONField(
        _("standard structure"),
        default=list,
        blank=True,
        help_text=_("The parts a new document of this type starts with. Empty: the standard one for its kind."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("document type")
        constraints = [models.UniqueConstraint(fields=["agency", "prefix"], name="unique_prefix_per_agency")]
        verbose_name_plural = _("document types")

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    def format_code(self, number):
        return self.numbering_pattern.format(prefix=self.prefix, number=number)

    def propose_code(self, library):
        """The type's code with the next number not yet used in this library."""
        from .pages import ControlledDocumentPage

        used = set(ControlledDocumentPage.objects.filter(library=library).values_list("code", flat=True))
        pattern = re.compile(re.escape(self.format_code(999999)).replace("999999", r"(\d+)"))
        highest = 0
        for code in used:
            match = pattern.fullmatch(code)
            if match:
                highest = max(highest, int(match.group(1)))
        number = highest + 1
        while self.format_code(number) in used:
            number += 1
        return self.format_code(number)

    def starting_structure(self):
        """The parts a new document starts with: the type's own, else its kind's standard one."""
        return [dict(part) for part in self.structure] if self.structure else standard_structure(self.prefix)

    def starting_body(self):
        """The raw StreamField data of a new document's body: one block per part, kind and heading set."""
        return [body_block(part) for part in self.starting_structure()]


# Parts that are blocks of their own, with the heading they have when none is typed (their blocks'
# default, procedures.models.blocks); any other kind is a section of that kind.
PART_DEFAULT_HEADINGS = {
    "legal_basis": "Cơ sở pháp lý",
    "steps_table": "Trình tự thực hiện",
    "records_kept": "Hồ sơ lưu",
    "forms": "Biểu mẫu",
}

_PROCEDURE = [
    ("purpose", "Mục đích"),
    ("scope", "Phạm vi áp dụng"),
    ("references", "Tài liệu viện dẫn"),
    ("terms", "Định nghĩa và chữ viết tắt"),
    ("content", "Nội dung quy trình"),
    ("steps_table", "Trình tự thực hiện"),
    ("records_kept", "Hồ sơ lưu"),
    ("forms", "Biểu mẫu"),
]
# An administrative procedure's internal procedure: the content starts with its legal basis.
_ADMINISTRATIVE_PROCEDURE = [*_PROCEDURE[:5], ("legal_basis", "Cơ sở pháp lý"), *_PROCEDURE[5:]]
_INSTRUCTION = [
    ("purpose", "Mục đích"),
    ("scope", "Phạm vi áp dụng"),
    ("references", "Tài liệu viện dẫn"),
    ("content", "Nội dung hướng dẫn"),
    ("records_kept", "Hồ sơ lưu"),
    ("forms", "Biểu mẫu"),
]
_MANUAL = [
    ("other", "Giới thiệu về cơ quan"),
    ("scope", "Phạm vi áp dụng của hệ thống quản lý chất lượng"),
    ("terms", "Thuật ngữ, định nghĩa và chữ viết tắt"),
    ("other", "Chính sách chất lượng"),
    ("other", "Sơ đồ tổ chức và trách nhiệm, quyền hạn"),
    ("content", "Các quá trình của hệ thống quản lý chất lượng"),
    ("other", "Danh mục các quy trình"),
]
_POLICY = [("content", "Chính sách chất lượng"), ("other", "Cam kết của lãnh đạo")]
_OBJECTIVES = [
    ("references", "Căn cứ xây dựng mục tiêu"),
    ("content", "Mục tiêu chất lượng"),
    ("other", "Kế hoạch thực hiện mục tiêu"),
    ("other", "Theo dõi, đánh giá kết quả thực hiện"),
]
_FORM = [("content", "Nội dung biểu mẫu")]
_GENERIC = [("purpose", "Mục đích"), ("scope", "Phạm vi áp dụng"), ("content", "Nội dung")]

# By the code prefix of the six types every agency starts with (procedures.migrations_data) and of
# the internal procedures of administrative procedures (TTHC); other prefixes get the generic one.
STANDARD_STRUCTURES = {
    "QT": _PROCEDURE,
    "TTHC": _ADMINISTRATIVE_PROCEDURE,
    "HD": _INSTRUCTION,
    "STCL": _MANUAL,
    "CSCL": _POLICY,
    "MTCL": _OBJECTIVES,
    "BM": _FORM,
}


def standard_structure(prefix):
    parts = STANDARD_STRUCTURES.get((prefix or "").strip().upper(), _GENERIC)
    return [{"kind": kind, "heading": heading} for kind, heading in parts]


def body_block(part):
    """One part of a structure as a body block's raw data: a section with no text yet, or a table
    or list with its heading and nothing else (a steps table with one empty step to fill)."""
    kind = part.get("kind") or "other"
    heading = part.get("heading") or PART_DEFAULT_HEADINGS.get(kind, "")
    if kind == "steps_table":
        step = {"step": "B1", "action": "", "responsible": "", "time_days": None, "time_note": "", "result": ""}
        value = {
            "heading": heading,
            "processing_time_days": None,
            "steps": [{"type": "item", "value": step, "id": str(uuid.uuid4())}],
        }
    elif kind == "records_kept":
        value = {"heading": heading, "records": []}
    elif kind == "forms":
        value = {"heading": heading, "forms": []}
    elif kind == "legal_basis":
        value = {"heading": heading, "items": []}
    else:
        return {"type": "section", "value": {"kind": kind, "heading": heading, "body": ""}, "id": str(uuid.uuid4())}
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}
