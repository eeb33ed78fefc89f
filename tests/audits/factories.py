"""Internal audit records, made by factory_boy.

Numbers (audits, findings, corrective actions) are given by the models as in
use; state moves (approving a programme, starting an audit, raising an action)
go through the models' own methods, with the people a test names.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from audits.models import (
    ActionEvidenceFile,
    Audit,
    AuditProgramme,
    ChecklistItem,
    CorrectiveAction,
    EvidenceFile,
    Finding,
    Question,
)
from qms.models import IsoClause
from tests.qms.factories import AuditorFactory, DepartmentFactory, StaffFactory, first_agency

YEAR = 2026
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def clause(number, edition="2015"):
    """An ISO 9001 clause of the catalogue the migrations load."""
    return IsoClause.objects.get(edition=edition, number=number)


class ProgrammeFactory(DjangoModelFactory):
    """The year's audit programme, a draft unless approved_by=<approver> approves it."""

    class Meta:
        model = AuditProgramme
        skip_postgeneration_save = True

    agency = factory.LazyFunction(first_agency)
    year = YEAR
    objectives = "Đánh giá toàn bộ HTQLCL"

    @factory.post_generation
    def approved_by(programme, create, extracted, **kwargs):
        if create and extracted is not None:
            programme.approve(extracted)


class AuditFactory(DjangoModelFactory):
    """A planned audit; departments, team and clauses as lists; started=True starts it (its lead)."""

    class Meta:
        model = Audit
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title = "Đánh giá Phòng Công chức, viên chức"
    scope = "Các quy trình TTHC về công chức"
    criteria = "TCVN ISO 9001:2015; các quy trình của Sở"
    planned_start = factory.LazyAttribute(lambda a: datetime.date(a.programme.year, 5, 11))
    planned_end = factory.LazyAttribute(lambda a: datetime.date(a.programme.year, 5, 12))
    lead_auditor = factory.SubFactory(AuditorFactory)

    @factory.post_generation
    def departments(audit, create, extracted, **kwargs):
        if create and extracted:
            audit.departments.add(*extracted)

    @factory.post_generation
    def team(audit, create, extracted, **kwargs):
        if create and extracted:
            audit.team.add(*extracted)

    @factory.post_generation
    def clauses(audit, create, extracted, **kwargs):
        if create and extracted:
            audit.clauses.add(*extracted)

    @factory.post_generation
    def started(audit, create, extracted, **kwargs):
        if create and extracted:
            audit.start(audit.lead_auditor)


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    clause = factory.LazyFunction(lambda: clause("9.2"))
    text = "Đơn vị có lập kế hoạch đánh giá nội bộ hằng năm không?"


class ChecklistItemFactory(DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    audit = factory.SubFactory(AuditFactory)
    clause = factory.LazyFunction(lambda: clause("9.2"))
    question = "Có kế hoạch đánh giá không?"


class FindingFactory(DjangoModelFactory):
    """A minor nonconformity of the audit's (first) department, recorded by its lead auditor."""

    class Meta:
        model = Finding

    audit = factory.SubFactory(AuditFactory, started=True)
    kind = Finding.Kind.MINOR_NC
    clause = factory.LazyFunction(lambda: clause("9.2"))
    department = factory.LazyAttribute(lambda f: f.audit.departments.first() or DepartmentFactory())
    description = "Hồ sơ tuyển dụng thiếu biên bản kiểm tra"
    evidence = "Hồ sơ số 12/2026"
    recorded_by = factory.LazyAttribute(lambda f: f.audit.lead_auditor)


class CorrectiveActionFactory(DjangoModelFactory):
    """An open corrective action: raised on its finding by the finding's recorder (raise_corrective_action),
    or, with finding=None, raised from another source by raised_by."""

    class Meta:
        model = CorrectiveAction

    finding = factory.SubFactory(FindingFactory)
    owner = factory.SubFactory(StaffFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    raised_by = factory.LazyAttribute(lambda a: a.finding.recorded_by if a.finding else AuditorFactory())
    source = CorrectiveAction.Source.COMPLAINT
    department = factory.LazyAttribute(lambda a: a.finding.department if a.finding else a.owner.department)
    nonconformity = factory.LazyAttribute(lambda a: a.finding.description if a.finding else "Giải quyết hồ sơ trễ hạn")

    @classmethod
    def _create(cls, model_class, *, finding, owner, due_date, raised_by, **fields):
        if finding is not None:
            return finding.raise_corrective_action(raised_by, owner=owner, due_date=due_date)
        return model_class.objects.create(owner=owner, due_date=due_date, raised_by=raised_by, **fields)


class EvidenceFileFactory(DjangoModelFactory):
    """A PDF backing a checklist item, uploaded by the audit's lead auditor."""

    class Meta:
        model = EvidenceFile

    item = factory.SubFactory(ChecklistItemFactory)
    file = factory.django.FileField(filename="bang-chung.pdf", data=PDF_BYTES)
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.LazyAttribute(lambda e: e.item.audit.lead_auditor)


class ActionEvidenceFileFactory(DjangoModelFactory):
    """A PDF the owner attached when reporting a corrective action implemented."""

    class Meta:
        model = ActionEvidenceFile

    action = factory.SubFactory(CorrectiveActionFactory)
    file = factory.django.FileField(filename="minh-chung.pdf", data=PDF_BYTES)
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    stage = "implemented"
    uploaded_by = factory.LazyAttribute(lambda e: e.action.owner)
