"""The OpenAPI 3 schema validates, and its documentation page loads its scripts from the installed package."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.qms.factories import StaffFactory

PATHS = {
    "/api/v1/documents/",
    "/api/v1/documents/{id}/",
    "/api/v1/documents/{id}/editions/",
    "/api/v1/documents/{id}/acknowledge/",
    "/api/v1/register/",
    "/api/v1/external-documents/",
    "/api/v1/audits/",
    "/api/v1/findings/",
    "/api/v1/corrective-actions/",
}


@pytest.mark.django_db
def test_the_schema_validates_and_describes_exactly_the_api():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert set(schema["paths"]) == PATHS
    assert schema["components"]["securitySchemes"]["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The token the ISO secretary was shown once, when the API client was created.",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/v1/documents/"]["get"]["parameters"]}
    assert {"agency", "department", "type", "updated_since", "page", "page_size"} <= parameters


@pytest.mark.django_db
def test_the_documentation_page_serves_its_scripts_from_the_sidecar_package():
    browser = Client()
    browser.force_login(StaffFactory())
    page = browser.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html.replace("https://testserver", "")
    script = browser.get("/api/docs/?script=")
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()
    schema = browser.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and "/api/v1/documents/" in schema.content.decode()
