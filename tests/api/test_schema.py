"""The OpenAPI 3 schema validates, and its documentation page loads its scripts from the installed package;
the schema (its tags included) and the page (Swagger UI's labels included) speak the reader's language."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from api.documentation import LABELS
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
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
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


@pytest.mark.django_db
def test_a_browser_signed_out_is_sent_to_sign_in_and_an_api_client_keeps_the_json_401():
    browser = Client()
    page = browser.get("/api/docs/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert page.status_code == 302
    assert page["Location"] == "/dang-nhap/?next=/api/docs/"
    schema_page = browser.get("/api/schema/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert schema_page.status_code == 302 and schema_page["Location"].startswith("/dang-nhap/?next=")
    for path in ("/api/docs/", "/api/schema/"):
        answer = browser.get(path, HTTP_ACCEPT="application/json")
        assert answer.status_code == 401
        assert answer["Content-Type"].startswith("application/json")
        assert "detail" in answer.json()


@pytest.mark.django_db
def test_the_schema_and_its_page_are_in_vietnamese_by_default_and_in_english_with_the_switch():
    browser = Client()
    browser.force_login(StaffFactory())
    accept = {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}

    schema = browser.get("/api/schema/", **accept).json()
    documents = schema["paths"]["/api/v1/documents/"]["get"]
    assert schema["info"]["title"] == "API đọc dữ liệu QMS"
    assert documents["summary"] == "Tài liệu đang hiệu lực"
    parameters = {p["name"]: p for p in documents["parameters"]}
    assert parameters["agency"]["description"] == "Mã của cơ quan (ví dụ so-noi-vu)."
    fields = schema["components"]["schemas"]["Document"]["properties"]
    assert fields["url"]["description"] == "Trang đọc tài liệu trên cổng nội bộ."
    assert "ISO" in schema["components"]["securitySchemes"]["bearerToken"]["description"]
    assert "Thư ký ISO" in schema["components"]["securitySchemes"]["bearerToken"]["description"]
    page = browser.get("/api/docs/").content.decode()
    assert "<title>API đọc dữ liệu QMS</title>" in page
    assert 'name="language" value="en"' in page
    # The page asks for the schema in its own language.
    assert "lang\\u003Dvi" in browser.get("/api/docs/?script=").content.decode()

    browser.post("/i18n/setlang/", {"language": "en", "next": "/api/docs/"})
    schema = browser.get("/api/schema/", **accept).json()
    assert schema["info"]["title"] == "QMS read API"
    assert schema["paths"]["/api/v1/documents/"]["get"]["summary"] == "Current documents"
    assert "<title>QMS read API</title>" in browser.get("/api/docs/").content.decode()
    assert "lang\\u003Den" in browser.get("/api/docs/?script=").content.decode()
    # ?lang= chooses too (drf-spectacular's own parameter).
    schema = browser.get("/api/schema/?lang=vi", **accept).json()
    assert schema["paths"]["/api/v1/documents/"]["get"]["summary"] == "Tài liệu đang hiệu lực"


TAGS_VI = ["Tài liệu", "Danh mục", "Đánh giá nội bộ"]
TAGS_EN = ["Documents", "Registers", "Audits"]


def operation_tags(schema):
    return {path: methods["get"]["tags"] for path, methods in schema["paths"].items() if "get" in methods}


@pytest.mark.django_db
def test_the_tags_are_vietnamese_by_default_and_english_with_the_switch():
    browser = Client()
    browser.force_login(StaffFactory())
    accept = {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}

    schema = browser.get("/api/schema/", **accept).json()
    validate_schema(schema)
    assert [tag["name"] for tag in schema["tags"]] == TAGS_VI
    assert schema["tags"][2]["description"].startswith("Các cuộc đánh giá nội bộ")
    tags = operation_tags(schema)
    assert tags["/api/v1/documents/"] == ["Tài liệu"] and tags["/api/v1/documents/{id}/editions/"] == ["Tài liệu"]
    assert tags["/api/v1/register/"] == tags["/api/v1/external-documents/"] == ["Danh mục"]
    assert tags["/api/v1/findings/"] == tags["/api/v1/corrective-actions/"] == ["Đánh giá nội bộ"]
    # Every operation is under one of the described tags.
    assert {tag for names in tags.values() for tag in names} == set(TAGS_VI)

    browser.post("/i18n/setlang/", {"language": "en", "next": "/api/docs/"})
    schema = browser.get("/api/schema/", **accept).json()
    validate_schema(schema)
    assert [tag["name"] for tag in schema["tags"]] == TAGS_EN
    assert schema["tags"][0]["description"].startswith("Current documents")
    tags = operation_tags(schema)
    assert tags["/api/v1/documents/"] == ["Documents"] and tags["/api/v1/audits/"] == ["Audits"]
    assert {tag for names in tags.values() for tag in names} == set(TAGS_EN)


def interface_of(page):
    soup = BeautifulSoup(page.content, "html.parser")
    return json.loads(soup.find("script", id="swagger-ui-interface").string), soup


@pytest.mark.django_db
def test_the_docs_page_gives_swagger_ui_its_labels_in_the_readers_language():
    browser = Client()
    browser.force_login(StaffFactory())
    interface, soup = interface_of(browser.get("/api/docs/"))
    assert interface["lang"] == "vi"
    labels = interface["labels"]
    assert labels["Try it out"] == "Thử gọi" and labels["Execute"] == "Gửi yêu cầu"
    assert labels["Parameters"] == "Tham số" and labels["Responses"] == "Phản hồi"
    assert labels["Authorize"] == "Xác thực" and labels["Server response"] == "Phản hồi của máy chủ"
    # Every label of the map reads differently in Vietnamese.
    assert set(labels) == set(LABELS) and all(labels[english] != english for english in labels)
    # The script that applies them is the project's own static file, after Swagger UI's (no CDN).
    sources = [script.get("src") for script in soup.find_all("script") if script.get("src")]
    assert sources.index("/static/api/swagger-ui-labels.js") > sources.index(
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    )
    assert finders.find("api/swagger-ui-labels.js")
    # Swagger UI shows no badge fetched from validator.swagger.io.
    assert '"validatorUrl": null' in browser.get("/api/docs/?script=").content.decode()

    browser.post("/i18n/setlang/", {"language": "en", "next": "/api/docs/"})
    interface, _soup = interface_of(browser.get("/api/docs/"))
    assert interface == {"lang": "en", "labels": {}}
