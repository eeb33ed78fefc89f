"""A finding names the controlled document it concerns, chosen from the issued
documents only (not from every page of the site)."""

from django.urls import reverse

from audits.models import Finding
from qms.models import IsoClause
from tests.audits.factories import AuditFactory, ProgrammeFactory
from tests.procedures.factories import make_issued_document


def running_audit(org):
    return AuditFactory(
        programme=ProgrammeFactory(year=2026, objectives="Đánh giá nội bộ", approved_by=org["approver"]),
        title="Đánh giá Phòng CCVC",
        scope="Các quy trình",
        criteria="TCVN ISO 9001:2015",
        lead_auditor=org["auditor"],
        departments=[org["ccvc"]],
        started=True,
    )


def test_the_finding_form_lists_issued_controlled_documents_by_code_only(client, org, section, library):
    issued = make_issued_document(
        section, org["approver"], title="Quy trình tuyển dụng", code="QT-06", department=org["ccvc"]
    )
    audit = running_audit(org)
    client.force_login(org["auditor"])
    form = client.get(reverse("audits_finding:add") + f"?audit={audit.pk}").context["form"]
    choices = [label for value, label in form.fields["document"].choices if value]
    assert choices == ["QT-06 – Quy trình tuyển dụng"]  # not the library, its section or the home page

    response = client.post(
        reverse("audits_finding:add"),
        {
            "audit": audit.pk,
            "kind": Finding.Kind.MINOR_NC,
            "clause": IsoClause.objects.get(edition="2015", number="9.2").pk,
            "department": org["ccvc"].pk,
            "document": section.pk,  # a section page typed into the request
            "description": "Thiếu biên bản",
        },
    )
    assert response.status_code == 200
    assert not Finding.objects.exists()

    response = client.post(
        reverse("audits_finding:add"),
        {
            "audit": audit.pk,
            "kind": Finding.Kind.MINOR_NC,
            "clause": IsoClause.objects.get(edition="2015", number="9.2").pk,
            "department": org["ccvc"].pk,
            "document": issued.pk,
            "description": "Thiếu biên bản",
        },
    )
    assert response.status_code == 302
    assert Finding.objects.get().document_id == issued.pk
    # The audit page names the document each finding concerns.
    page = client.get(reverse("audits_audit:detail", args=[audit.pk])).content.decode()
    assert "<th>Tài liệu liên quan</th>" in page
    assert ">Quy trình tuyển dụng</td>" in page


def test_the_audit_plan_offers_issued_documents_by_code_never_the_tree(client, org, section, library):
    make_issued_document(section, org["approver"], title="Quy trình tuyển dụng", code="QT-06", department=org["ccvc"])
    ProgrammeFactory(year=2026, approved_by=org["approver"])
    client.force_login(org["auditor"])
    field = client.get(reverse("audits_audit:add")).context["form"].fields["documents"]
    labels = [label for _value, label in field.choices]
    assert labels == ["QT-06 – Quy trình tuyển dụng"]
