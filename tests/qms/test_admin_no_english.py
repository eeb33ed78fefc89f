"""Each role walks the back office and the portal on the demo, in Vietnamese, and meets no English.

From the portal's home and the dashboard (and a few screens a user reaches from a mail
or by typing: a document's editor, history, revisions compared, workflow history), the
walk follows the pages' own links, so a screen added tomorrow and linked from a menu,
a panel or a list is walked without anyone listing it. On each screen it also searches
a list for nothing (its empty state) and sends each form with a required field empty
(its errors). It fails on a visible English interface word (tests/qms/english_walk.py
keeps the list, text only, never attributes but a button's label and a placeholder),
on Wagtail's web-publishing words where a document is issued and in force, on any
server error and on any redirect loop. The public pages are walked signed out, in
Vietnamese and in English (no error, no loop).

The full walk (every role, every screen once) is marked slow; the short one walks the
ISO secretary's and the staff member's screens.
"""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.test.client import RedirectCycleError
from django.urls import Resolver404, resolve

from procedures.models import ControlledDocumentPage
from procedures.models.pages import public_condition
from qms.models import User
from tests.qms import english_walk

ROLES = ["thuky", "truongphong", "lanhdao", "danhgia", "nhanvien", "kiemtra"]

# Screens each walk must have reached by following links (view names), so that the walk
# cannot pass by missing them: the recent screens of issue 15 among them.
MUST_REACH = {
    "thuky": {
        "wagtailadmin_home",
        "wagtailadmin_pages:add",  # the document type is asked first
        "wagtailadmin_pages:edit",  # the steps grid
        "audits_audit:detail",  # the audit page and its quick finding form
        "signing_certificates:index",  # Settings -> Chữ ký số
        "qms_signing_passwords",
        "adoptions:index",
        "planning_result:index",
        "planning_satisfaction:index",
        "planning_risk:index",
        "planning_review:index",
        "planning_review:detail",
        "planning:decision_detail",
        "api:docs",
        "portal",
    },
    "truongphong": {"wagtailadmin_home", "portal", "control:reading_list"},
    "lanhdao": {"wagtailadmin_home", "planning_review:index", "planning_dashboard", "portal"},
    "danhgia": {"wagtailadmin_home", "audits_audit:index", "audits_audit:detail", "portal"},
    "nhanvien": {"portal", "control:reading_list", "notifications"},
    "kiemtra": {"wagtailadmin_home", "province:dashboard", "portal"},
}
SHORT = ["thuky", "nhanvien"]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False  # the walk sees the pages a user sees, not Django's debug pages


def view_name(url):
    try:
        return resolve(url.split("?")[0].removeprefix("POST ")).view_name
    except Resolver404:
        return ""


def walk_roles(usernames, **options):
    """[problem], {username: visited} for each role's walk (a fresh client each, signed in as the role)."""
    problems, visited = [], {}
    start = [*english_walk.document_urls(), *english_walk.START]
    for username in usernames:
        client = Client(HTTP_ACCEPT_LANGUAGE="vi", raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        found, errors, pages = english_walk.walk(client, start, **options)
        visited[username] = pages
        problems += [f"{username} {url}: {problem}" for url, problem in errors]
        problems += [
            f"{username} {url}: {word!r} in {line!r}" for url, words in found.items() for word, line in words.items()
        ]
        missed = MUST_REACH[username] - {view_name(url) for url in pages}
        problems += [f"{username} never reached {name}" for name in sorted(missed)]
    return problems, visited


def walk_public(language):
    """The public pages signed out, from the list and a public document (the list's search index is
    filled after the demo's transaction, which a test never commits)."""
    document = ControlledDocumentPage.objects.filter(public_condition()).order_by("pk").first()
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    start = ["/cong-khai/", f"/cong-khai/tai-lieu/{document.pk}/"]
    found, errors, pages = english_walk.walk(client, start, limit=40, per_pattern=2)
    problems = [f"public ({language}) {url}: {problem}" for url, problem in errors]
    if language == "vi":
        problems += [
            f"public {url}: {word!r} in {line!r}" for url, words in found.items() for word, line in words.items()
        ]
    return problems


def test_the_iso_secretary_and_staff_meet_no_english(demo):
    problems, visited = walk_roles(SHORT, limit=300)
    problems += walk_public("vi") + walk_public("en")
    assert not problems, "\n".join(problems)
    assert any("/revisions/compare/" in url for url in visited["thuky"])


@pytest.mark.slow
def test_no_role_meets_english(demo):
    problems, visited = walk_roles(ROLES, limit=300)
    assert not problems, "\n".join(problems)
    # The walk reached each role's screens, not a sign-in page.
    assert all(len(pages) >= 20 for pages in visited.values()), {u: len(p) for u, p in visited.items()}


def test_the_walk_sees_what_a_user_sees_and_only_that():
    html = """<html><head><title>Edit</title><script>var Save = 1;</script></head><body>
        <a title="Delete" href="/admin/">Xoá</a> <div class="w-side-panel-toggle__counter" hidden>None</div>
        <div hidden><button>Cancel</button></div> <td>True</td> <span>Đang công khai</span>
        <input type="submit" value="Submit"> <input name="q" placeholder="Search"> <input value="Back"></body></html>"""
    text = english_walk.visible_text(html)
    assert sorted(english_walk.english_on(text)) == ["Cancel", "Search", "Submit", "True", "Đang công khai"]


def test_the_walk_reports_english_sentences_but_not_vietnamese_words():
    text = "This field is required.\nKhông có tài liệu nào\nan toàn, to lớn, in ấn, No results"
    assert sorted(english_walk.english_on(text)) == ["No", "This", "field", "is", "required", "results"]


class StubClient:
    """A client whose /loop/ redirects back to itself, /boom/ fails, and / links to both and to itself."""

    def get(self, url, data=None, follow=True):
        if url == "/loop/":
            looping = HttpResponse(status=302)
            looping.redirect_chain = [("/loop/", 302)] * 2
            raise RedirectCycleError("Redirect loop detected.", last_response=looping)
        response = HttpResponse('<a href="/loop/">x</a> <a href="/boom/">y</a> <a href="/">z</a>')
        response.status_code = 500 if url == "/boom/" else 200
        response.redirect_chain = [("/a/", 302), ("/b/", 302), ("/a/", 302)] if url == "/circle/" else []
        return response


def test_the_walk_reports_redirect_loops_and_server_errors():
    found, errors, visited = english_walk.walk(StubClient(), ["/", "/circle/"], per_pattern=5, forms=False)
    assert sorted(errors) == [("/boom/", 500), ("/circle/", "redirect loop"), ("/loop/", "redirect loop")]
    assert visited == ["/", "/circle/", "/loop/", "/boom/"]
