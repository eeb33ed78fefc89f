"""The read API (/api/v1/): current documents, registers, audits; one write, a reader's confirmation.

Every list reuses the portal's and the admin's querysets (api/access.py): a
draft, a scheduled edition or a superseded body never leaves through here.
"""

import time

from django.db.models import Exists, F, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api import access, conditional, schema, serializers
from api.authentication import BearerTokenAuthentication
from api.models import ApiCall, ApiClient
from api.throttling import ApiRateThrottle
from audits.models import Audit, CorrectiveAction, Finding
from procedures.control.acknowledging import AcknowledgementRefused, acknowledge, reading_state
from procedures.control.periodic_review import review_due
from procedures.control.registers import register_documents
from procedures.models import (
    Adoption,
    DocumentType,
    ExternalDocument,
    Issue,
    IssueStatus,
    PeriodicReview,
    ReadingAssignment,
)
from qms.models import Agency, Department, RoleGrant, User

from . import bodies


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = gettext_lazy("Invalid page.")


class ApiView(APIView):
    """Bearer tokens and the portal's session; each client's rate; one log row per client call."""

    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [access.HasScope]
    throttle_classes = [ApiRateThrottle]
    api_scope = access.DOCUMENTS
    everyone_signed_in = ()
    # The models whose changes change the answer (api/conditional.py).
    etag_models = ()

    def initial(self, request, *args, **kwargs):
        self._started = time.monotonic()
        super().initial(request, *args, **kwargs)

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(_("Give a bearer token (Authorization: Bearer …) or sign in."))
        super().permission_denied(request, message, code)

    def throttled(self, request, wait):
        seconds = max(1, round(wait or 1))
        raise exceptions.Throttled(
            wait, detail=_("Too many calls: try again in %(seconds)s seconds.") % {"seconds": seconds}
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        client = getattr(request, "auth", None)
        if isinstance(client, ApiClient):
            started = getattr(self, "_started", None)
            ApiCall.objects.create(
                client=client,
                method=request.method[:8],
                path=request.get_full_path()[:500],
                status=response.status_code,
                duration_ms=int((time.monotonic() - started) * 1000) if started else 0,
            )
            # A client's answer is for that client only; it may keep it and ask again (ETag).
            response["Cache-Control"] = "private, no-cache"
        return response

    # Conditional GET -----------------------------------------------------------

    def reader(self):
        return access.Reader(self.request)

    def current_etag(self):
        reader = self.reader()
        models = tuple(self.etag_models)
        if reader.client is None:
            models += (User, RoleGrant)
        return conditional.etag(self.request, reader, models)

    def conditional_get(self, answer):
        """304 when the client's tag still holds; else the answer, with its tag."""
        tag = self.current_etag()
        fresh = conditional.matches(self.request, tag)
        response = Response(status=status.HTTP_304_NOT_MODIFIED) if fresh else answer()
        response["ETag"] = tag
        return response


class ConditionalListView(ApiView, generics.ListAPIView):
    pagination_class = ApiPagination

    def list(self, request, *args, **kwargs):
        return self.conditional_get(lambda: super(ConditionalListView, self).list(request, *args, **kwargs))

    # Filters shared by the lists ------------------------------------------------

    def int_param(self, name):
        value = self.request.query_params.get(name)
        if value in (None, ""):
            return None
        try:
            return int(value)
        except ValueError:
            raise exceptions.ValidationError({name: [_("Give a whole number.")]}) from None

    def since_param(self):
        value = self.request.query_params.get("updated_since")
        if value in (None, ""):
            return None
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                raise exceptions.ValidationError(
                    {"updated_since": [_("Give a date (YYYY-MM-DD) or a date and time (ISO 8601).")]}
                )
            moment = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
        elif timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


AGENCY = OpenApiParameter("agency", str, description=gettext_lazy("An agency's code (e.g. so-noi-vu)."))
DEPARTMENT = OpenApiParameter("department", int, description=gettext_lazy("A department's id."))
TYPE = OpenApiParameter("type", int, description=gettext_lazy("A document type's id."))
SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description=gettext_lazy("Only what became current at or after this date or time."),
)
DOCUMENT_MODELS = (Issue, Agency, Department, DocumentType)


# What a list row shows: never the body, nor the page's draft content (its StreamField is costly to load).
LISTED_FIELDS = (
    "document_id",
    "code",
    "title",
    "document_type_name",
    "owner_department_name",
    "edition",
    "amendment",
    "effective_date",
    "became_current_at",
    "change_summary",
    "status",
    "document__url_path",
    "document__depth",
    "document__owner_department_id",
    "document__document_type_id",
)


def readable_issues(reader):
    """The current issues of the live documents this reader reads: the portal's rows
    (procedures.portal.browsing.recently_issued), in code order."""
    return (
        Issue.objects.current()
        .filter(reader.document_condition(), document__live=True)
        .select_related("document")
        .only(*LISTED_FIELDS)
        .annotate(agency_code=F("document__library__agency__code"))
        .order_by("code", "pk")
    )


@extend_schema(
    summary=gettext_lazy("Current documents"),
    description=gettext_lazy(
        "The current documents this client (or person) reads: their current issue only, never a draft, a "
        "scheduled edition or a superseded body."
    ),
    parameters=[AGENCY, DEPARTMENT, TYPE, SINCE],
    tags=[schema.DOCUMENTS],
)
class DocumentList(ConditionalListView):
    """The current documents this client (or person) reads: their current issue only."""

    serializer_class = serializers.DocumentSerializer
    etag_models = DOCUMENT_MODELS

    def get_queryset(self):
        issues = readable_issues(self.reader())
        params = self.request.query_params
        if agency := params.get("agency"):
            issues = issues.filter(document__library__agency__code=agency)
        if (department := self.int_param("department")) is not None:
            issues = issues.filter(document__owner_department_id=department)
        if (document_type := self.int_param("type")) is not None:
            issues = issues.filter(document__document_type_id=document_type)
        if (since := self.since_param()) is not None:
            issues = issues.filter(became_current_at__gte=since)
        return issues


@extend_schema(
    summary=gettext_lazy("One current document"),
    description=gettext_lazy(
        "One current document: its current issue, with its body as HTML (as frozen when signed) and as "
        "sections and tables of steps."
    ),
    tags=[schema.DOCUMENTS],
)
class DocumentDetail(ApiView, generics.RetrieveAPIView):
    """One current document: its current issue, body as HTML and as sections and steps."""

    serializer_class = serializers.DocumentDetailSerializer
    etag_models = DOCUMENT_MODELS

    def get_object(self):
        issue = get_object_or_404(
            readable_issues(self.reader())
            .select_related("revision")
            .only(*LISTED_FIELDS, "body_html", "body_sha256", "revision__content"),
            document_id=self.kwargs["pk"],
        )
        structure = bodies.structure(issue)
        issue.sections, issue.steps_tables = structure["sections"], structure["steps_tables"]
        return issue

    def retrieve(self, request, *args, **kwargs):
        def answer():
            issue = self.get_object()
            reader = self.reader()
            if reader.client is None:
                reading_state(reader.user, issue)  # a person's first opening, as on the reading page
            return Response(self.get_serializer(issue).data)

        # 404 before any tag: a tag would tell that the document exists.
        get_object_or_404(readable_issues(self.reader()).values("pk"), document_id=self.kwargs["pk"])
        return self.conditional_get(answer)


@extend_schema(
    summary=gettext_lazy("Editions of a document"),
    description=gettext_lazy(
        "The issued editions of a current document (its amendment history): numbers and dates, no body."
    ),
    tags=[schema.DOCUMENTS],
)
class EditionList(ConditionalListView):
    """The issued editions of a current document (its amendment history): numbers and dates, no body."""

    serializer_class = serializers.EditionSerializer
    etag_models = DOCUMENT_MODELS

    def get_queryset(self):
        current = get_object_or_404(readable_issues(self.reader()).values("document_id"), document_id=self.kwargs["pk"])
        return (
            Issue.objects.filter(document_id=current["document_id"], became_current_at__isnull=False)
            .defer("body_html")
            .order_by("-edition", "-amendment")
        )


@extend_schema(
    summary=gettext_lazy("Confirm reading"),
    description=gettext_lazy(
        "A signed-in person confirms reading the current issue (read-and-understood). The only write; it "
        "needs the CSRF token."
    ),
    tags=[schema.DOCUMENTS],
    request=None,
    responses={201: serializers.AcknowledgementSerializer},
)
class Acknowledge(ApiView):
    """A signed-in person confirms reading the current issue (read-and-understood). The only write."""

    # A client's token is recognised only to be refused (403): it is nobody's reading.
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [access.SignedInPerson]
    # No body is needed; a browser's form post (the CSRF check reads it) is accepted as well as JSON.
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def post(self, request, pk):
        user = request.user
        current = get_object_or_404(readable_issues(access.Reader(request)).values("pk"), document_id=pk)
        assignment = ReadingAssignment.objects.filter(issue_id=current["pk"], user=user).first()
        if assignment is None:
            raise exceptions.PermissionDenied(_("This document was not distributed to you to read."))
        try:
            acknowledgement = acknowledge(user, assignment)
        except AcknowledgementRefused as refusal:
            raise exceptions.ValidationError({"detail": [str(refusal)]}) from None
        acknowledgement = type(acknowledgement).objects.select_related("issue").get(pk=acknowledgement.pk)
        return Response(serializers.AcknowledgementSerializer(acknowledgement).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary=gettext_lazy("Internal document register"),
    description=gettext_lazy(
        "The internal document register: documents in force, with their edition, effective date and next "
        "periodic review."
    ),
    parameters=[AGENCY, DEPARTMENT, TYPE, SINCE],
    tags=[schema.REGISTERS],
)
class RegisterList(ConditionalListView):
    """The internal document register (danh mục tài liệu nội bộ): documents in force, with their numbers."""

    api_scope = access.REGISTERS
    serializer_class = serializers.RegisterEntrySerializer
    etag_models = (*DOCUMENT_MODELS, PeriodicReview, Adoption)

    def get_queryset(self):
        documents = (
            register_documents(self.reader().register_agencies())
            .filter(withdrawn_at__isnull=True, current_edition__isnull=False)
            .annotate(agency_code=F("library__agency__code"))
        )
        params = self.request.query_params
        if agency := params.get("agency"):
            documents = documents.filter(library__agency__code=agency)
        if (department := self.int_param("department")) is not None:
            documents = documents.filter(owner_department_id=department)
        if (document_type := self.int_param("type")) is not None:
            documents = documents.filter(document_type_id=document_type)
        if (since := self.since_param()) is not None:
            recent = Issue.objects.filter(
                document=OuterRef("pk"), status=IssueStatus.CURRENT, became_current_at__gte=since
            )
            documents = documents.filter(Exists(recent))
        return documents

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for document in page or ():
            document.next_review_due = review_due(document, document.current_effective, document.last_still_valid)
        return page


@extend_schema(
    summary=gettext_lazy("External document register"),
    description=gettext_lazy("The register of external documents (laws, decrees, standards) the agencies apply."),
    parameters=[AGENCY],
    tags=[schema.REGISTERS],
)
class ExternalDocumentList(ConditionalListView):
    """The register of external documents (laws, decrees, standards) the agencies apply."""

    api_scope = access.REGISTERS
    # Every signed-in person reads the external register in the portal.
    everyone_signed_in = (access.REGISTERS,)
    serializer_class = serializers.ExternalDocumentSerializer
    etag_models = (ExternalDocument, Agency)

    def get_queryset(self):
        rows = (
            ExternalDocument.objects.filter(self.reader().external_condition())
            .select_related("agency", "replaced_by")
            .order_by("agency__code", "-issue_date", "number", "pk")
        )
        if agency := self.request.query_params.get("agency"):
            rows = rows.filter(agency__code=agency)
        return rows


AUDIT_MODELS = (Audit, Finding, CorrectiveAction, Agency, Department)


@extend_schema(
    summary=gettext_lazy("Internal audits"),
    description=gettext_lazy("Internal audits and their status."),
    parameters=[AGENCY, DEPARTMENT],
    tags=[schema.AUDITS],
)
class AuditList(ConditionalListView):
    """Internal audits."""

    api_scope = access.AUDITS
    serializer_class = serializers.AuditSerializer
    etag_models = AUDIT_MODELS

    def get_queryset(self):
        audits = self.reader().audits()
        if agency := self.request.query_params.get("agency"):
            audits = audits.filter(programme__agency__code=agency)
        if (department := self.int_param("department")) is not None:
            audits = audits.filter(
                pk__in=Audit.departments.through.objects.filter(department_id=department).values("audit_id")
            )
        return (
            Audit.objects.filter(pk__in=audits.values("pk"))
            .select_related("programme__agency")
            .prefetch_related("departments")
            .order_by("-programme__year", "programme__agency__code", "sequence", "pk")
        )


@extend_schema(
    summary=gettext_lazy("Audit findings"),
    description=gettext_lazy("Audit findings, with the number of the corrective action each one raised."),
    parameters=[AGENCY, DEPARTMENT],
    tags=[schema.AUDITS],
)
class FindingList(ConditionalListView):
    """Audit findings, with the number of the corrective action each one raised."""

    api_scope = access.AUDITS
    serializer_class = serializers.FindingSerializer
    etag_models = AUDIT_MODELS

    def get_queryset(self):
        findings = self.reader().findings()
        if agency := self.request.query_params.get("agency"):
            findings = findings.filter(audit__programme__agency__code=agency)
        if (department := self.int_param("department")) is not None:
            findings = findings.filter(department_id=department)
        return findings.select_related(
            "audit__programme__agency", "clause", "department", "corrective_action"
        ).order_by("audit__programme__agency__code", "audit_id", "series", "sequence", "pk")


@extend_schema(
    summary=gettext_lazy("Corrective actions"),
    description=gettext_lazy("Corrective actions and where each stands: status, due date, overdue."),
    parameters=[AGENCY, DEPARTMENT],
    tags=[schema.AUDITS],
)
class CorrectiveActionList(ConditionalListView):
    """Corrective actions and where each stands."""

    api_scope = access.AUDITS
    serializer_class = serializers.CorrectiveActionSerializer
    etag_models = AUDIT_MODELS

    def get_queryset(self):
        actions = self.reader().corrective_actions()
        if agency := self.request.query_params.get("agency"):
            actions = actions.filter(agency__code=agency)
        if (department := self.int_param("department")) is not None:
            actions = actions.filter(department_id=department)
        return actions.select_related("agency", "department", "finding").order_by(
            "agency__code", "-year", "-sequence", "pk"
        )
