"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.procedures.factories import make_issued_document, steps_body

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).with_name("axe.min.js")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)


def browser_missing_reason():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (bash .ci/system-packages installs Debian's chromium)"
    return None


# On SQLite the live server and the test share one in-memory database, where a
# write transaction locks its tables for the other connection ("database table is
# locked", not a wait). The server handles each request holding this lock, and the
# test holds it while it writes in bulk: the flush that ends every test, the base
# data that starts the next one. A request the browser sends as a page goes away
# (Wagtail's editing-session release beacon) then waits instead of colliding.
SERVER_LOCK = threading.RLock()


@pytest.fixture(scope="session", autouse=True)
def _single_threaded_live_server_on_sqlite():
    """On SQLite (one in-memory database shared by the threads) the live server
    answers one request at a time, and never during the test's bulk writes (see
    SERVER_LOCK). PostgreSQL keeps Django's threaded server.
    Set before pytest-django's session live server starts."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test import TransactionTestCase
    from django.test.testcases import LiveServerThread

    class SingleThreadedServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            # The live server thread itself already uses the test connections.
            super().__init__(*args, **kwargs)

        def process_request(self, request, client_address):
            with SERVER_LOCK:
                super().process_request(request, client_address)

    previous_server = LiveServerThread.server_class
    previous_teardown = TransactionTestCase._fixture_teardown

    def fixture_teardown(self):
        with SERVER_LOCK:
            previous_teardown(self)

    if connection.vendor == "sqlite":
        LiveServerThread.server_class = SingleThreadedServer
        TransactionTestCase._fixture_teardown = fixture_teardown
    yield
    LiveServerThread.server_class = previous_server
    TransactionTestCase._fixture_teardown = previous_teardown


@pytest.fixture(scope="module")
def browser():
    reason = browser_missing_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs the browser tests: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which Django
    # takes for an async context; the ORM calls the tests make between browser
    # steps are ordinary synchronous ones. Only for this module's lifetime.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def base_data(transactional_db):
    """What the migrations put in the database, put back after the flush that
    ends every transactional test (serialized rollback does not survive the
    browser's last requests). Each step is idempotent."""
    from django.apps import apps
    from django.conf import settings
    from django.utils.module_loading import import_string
    from wagtail.models import Locale, Page, Site

    from qms.roles import sync_roles

    with SERVER_LOCK:
        sync_roles(apps)
        import_string("procedures.migrations.0002_approval_workflow_and_document_types.create")(apps, None)
        if not Page.objects.filter(depth=1).exists():
            Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
            root = Page.add_root(instance=Page(title="Root", slug="root"))
            home = root.add_child(instance=Page(title="Trang chủ", slug="home"))
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


@pytest.fixture
def documents(base_data, section, org):
    """A small library: the procedure staff look for, and two others."""
    make = make_issued_document
    wanted = make(
        section,
        org["approver"],
        title="Thủ tục đăng ký kết hôn",
        code="QT-05",
        department=org["ccvc"],
        slug="dang-ky-ket-hon",
        body=steps_body(
            action="Tiếp nhận hồ sơ đăng ký kết hôn, kiểm tra thành phần hồ sơ và viết giấy biên nhận",
            forms=[("BM-05-01", "Tờ khai đăng ký kết hôn")],
            extra_steps=14,
        ),
    )
    make(section, org["approver"], title="Quy trình tuyển dụng công chức", code="QT-06", department=org["ccvc"])
    make(section, org["approver"], title="Quy định về thi đua khen thưởng", code="QT-07", department=org["ccvc"])
    from procedures.search.index import rebuild

    rebuild()
    return {"wanted": wanted}


def sign_in(page, base_url, username="nhanvien"):
    from tests.qms.factories import PASSWORD

    page.goto(base_url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(base_url + "/")


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
