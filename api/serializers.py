"""What the API answers, field by field (the OpenAPI schema is generated from these)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="document_id", help_text=_("The document's id (stable across editions)."))
    code = serializers.CharField()
    title = serializers.CharField()
    document_type = serializers.CharField(source="document_type_name")
    document_type_id = serializers.IntegerField(source="document.document_type_id")
    department = serializers.CharField(source="owner_department_name")
    department_id = serializers.IntegerField(source="document.owner_department_id")
    agency = serializers.CharField(source="agency_code", help_text=_("The code of the agency whose library holds it."))
    edition = serializers.IntegerField()
    amendment = serializers.IntegerField()
    effective_date = serializers.DateField()
    current_since = serializers.DateTimeField(source="became_current_at")
    change_summary = serializers.CharField()
    url = serializers.SerializerMethodField(help_text=_("The reading page in the staff portal."))
    pdf_url = serializers.SerializerMethodField(help_text=_("The current issue's PDF (for a signed-in person)."))
    api_url = serializers.SerializerMethodField()

    def _page_url(self, entry):
        url = entry.__dict__.get("_api_page_url")
        if url is None:
            request = self.context["request"]
            url = entry.__dict__["_api_page_url"] = request.build_absolute_uri(entry.document.get_url(request))
        return url

    def get_url(self, entry) -> str:
        return self._page_url(entry)

    def get_pdf_url(self, entry) -> str:
        return self._page_url(entry) + "pdf/"

    def get_api_url(self, entry) -> str:
        return self.context["request"].build_absolute_uri(f"{self._api_prefix()}{entry.document_id}/")

    def _api_prefix(self):
        prefix = self.context.get("api_documents_prefix")
        if prefix is None:
            from django.urls import reverse

            prefix = self.context["api_documents_prefix"] = reverse("api:documents")
        return prefix


class SectionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    heading = serializers.CharField()
    text = serializers.ListField(child=serializers.CharField(), help_text=_("The section's lines of text."))


class StepSerializer(serializers.Serializer):
    step = serializers.CharField()
    action = serializers.CharField()
    responsible = serializers.CharField()
    time_days = serializers.CharField(allow_null=True)
    time_note = serializers.CharField(allow_blank=True)
    result = serializers.CharField(allow_blank=True)


class StepsTableSerializer(serializers.Serializer):
    heading = serializers.CharField()
    processing_time_days = serializers.CharField(allow_null=True)
    steps = StepSerializer(many=True)


class DocumentDetailSerializer(DocumentSerializer):
    body_html = serializers.CharField(help_text=_("The issued body, as frozen when signed."))
    body_sha256 = serializers.CharField()
    sections = SectionSerializer(many=True)
    steps_tables = StepsTableSerializer(many=True)


class EditionSerializer(serializers.Serializer):
    edition = serializers.IntegerField()
    amendment = serializers.IntegerField()
    effective_date = serializers.DateField()
    status = serializers.CharField()
    current_since = serializers.DateTimeField(source="became_current_at")
    superseded_at = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    change_summary = serializers.CharField()


class AcknowledgementSerializer(serializers.Serializer):
    code = serializers.CharField(source="issue.code")
    edition = serializers.IntegerField(source="issue.edition")
    amendment = serializers.IntegerField(source="issue.amendment")
    acknowledged_at = serializers.DateTimeField()


class RegisterEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    document_type = serializers.CharField(source="document_type.name")
    department = serializers.CharField(source="owner_department.name")
    agency = serializers.CharField(source="agency_code")
    edition = serializers.IntegerField(source="current_edition")
    amendment = serializers.IntegerField(source="current_amendment")
    effective_date = serializers.DateField(source="current_effective")
    next_review_due = serializers.DateField()
    adopted = serializers.BooleanField(help_text=_("A provincial document this agency adopted."))


class ExternalDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.code")
    number = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    issuing_body = serializers.CharField()
    issue_date = serializers.DateField()
    effective_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    replaced_by = serializers.CharField(source="replaced_by.number", allow_null=True, default=None)
    amended_by = serializers.CharField()
    link = serializers.CharField()


class AuditSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="programme.agency.code")
    number = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    edition = serializers.CharField()
    departments = serializers.SerializerMethodField()
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    started_on = serializers.DateField(allow_null=True)
    reported_on = serializers.DateField(allow_null=True)

    def get_departments(self, audit) -> list[str]:
        return [department.name for department in audit.departments.all()]


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    audit = serializers.CharField(source="audit.number")
    agency = serializers.CharField(source="audit.programme.agency.code")
    number = serializers.CharField()
    kind = serializers.CharField()
    clause = serializers.CharField(source="clause.number", allow_null=True, default=None)
    department = serializers.CharField(source="department.name")
    description = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    corrective_action = serializers.SerializerMethodField()

    def get_corrective_action(self, finding) -> str | None:
        action = getattr(finding, "corrective_action", None)
        return action.number if action is not None else None


class CorrectiveActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.code")
    number = serializers.CharField()
    source = serializers.CharField()
    finding = serializers.CharField(source="finding.number", allow_null=True, default=None)
    department = serializers.CharField(source="department.name")
    status = serializers.CharField()
    due_date = serializers.DateField()
    raised_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField(source="is_overdue")
