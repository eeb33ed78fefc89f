"""The path rule of an app server with an office pool (qms/routing.py's
OFFICE_PATHS, docs/operations.md "Reading apart from the back office"): the
load balancer sends the back office and the sign-in to the office pool and
every reading request to the reading pool. A URL moved in the project must
not silently land in the wrong pool."""

from pathlib import Path

import pytest
from django.urls import reverse

from qms.routing import OFFICE_PATHS, is_office_path, nginx_location
from tests.procedures.factories import make_issued_document


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("wagtailadmin_home", []),
        ("wagtailadmin_pages:edit", [1]),
        ("login", []),
        ("logout", []),
        ("signing_password", []),
        ("notifications", []),
        ("open_notification", [1]),
        ("audits:action_list", []),
        ("audits:checklist_item", [1, 2]),
        ("audits:evidence_file", [1]),
        ("planning:risk_detail", [1]),
        ("province:dashboard", []),
        ("api:documents", []),
    ],
)
def test_the_back_office_and_the_sign_in_go_to_the_office_pool(name, args):
    assert is_office_path(reverse(name, args=args))


@pytest.mark.django_db
def test_what_staff_read_goes_to_the_reading_pool(section, org):
    document = make_issued_document(section, org["approver"], title="Quy trình tiếp nhận hồ sơ", department=org["ccvc"])
    reading = [
        reverse("portal"),
        reverse("portal_search") + "?q=hồ sơ",
        section.get_parent().url,
        section.url,
        document.url,
        document.url + "pdf/",
        "/verify/",
        "/cong-khai/",
    ]
    assert [path for path in reading if is_office_path(path)] == []


def test_every_office_prefix_is_one_of_the_projects_url_prefixes():
    from qms.urls import urlpatterns

    prefixes = {"/" + str(pattern.pattern) for pattern in urlpatterns}
    assert set(OFFICE_PATHS) <= prefixes


def test_the_nginx_configuration_in_the_operations_guide_routes_the_same_paths():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text(encoding="utf-8")
    assert nginx_location() in guide
