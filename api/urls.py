from django.urls import path
from rest_framework.authentication import SessionAuthentication

from api import views
from api.access import SignedInPersonOrClient
from api.authentication import BearerTokenAuthentication
from api.documentation import DocsView, SchemaView

app_name = "api"

# The schema and its interactive page: for a signed-in person or a client's token (a browser signed
# out is sent to the sign-in page).
schema_access = {
    "authentication_classes": [BearerTokenAuthentication, SessionAuthentication],
    "permission_classes": [SignedInPersonOrClient],
}

urlpatterns = [
    path("schema/", SchemaView.as_view(**schema_access), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema", **schema_access), name="docs"),
    path("v1/documents/", views.DocumentList.as_view(), name="documents"),
    path("v1/documents/<id:pk>/", views.DocumentDetail.as_view(), name="document"),
    path("v1/documents/<id:pk>/editions/", views.EditionList.as_view(), name="editions"),
    path("v1/documents/<id:pk>/acknowledge/", views.Acknowledge.as_view(), name="acknowledge"),
    path("v1/register/", views.RegisterList.as_view(), name="register"),
    path("v1/external-documents/", views.ExternalDocumentList.as_view(), name="external_documents"),
    path("v1/audits/", views.AuditList.as_view(), name="audits"),
    path("v1/findings/", views.FindingList.as_view(), name="findings"),
    path("v1/corrective-actions/", views.CorrectiveActionList.as_view(), name="corrective_actions"),
]
