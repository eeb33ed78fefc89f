"""Each role walks the back office on the demo, in Vietnamese, and meets no English.

From the screens each role starts at (dashboard, explorer, a document's editor, history,
revisions compared, workflow history, issues, audits, planning, account), following the
admin's links: no visible English interface word (tests/qms/english_walk.py keeps the
list, text only, never attributes), none of Wagtail's web-publishing words where a
document is issued and in force, no server error and no redirect loop.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from qms.models import User
from tests.qms import english_walk

ROLES = ["thuky", "truongphong", "lanhdao", "danhgia", "kiemtra"]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", stdout=StringIO())


def test_no_role_meets_english_in_the_admin(demo):
    problems, visited = [], {}
    start = [*english_walk.document_urls(), *english_walk.START]
    for username in ROLES:
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(User.objects.get(username=username))
        found, errors, pages = english_walk.walk(client, start)
        visited[username] = pages
        problems += [f"{username} {url}: {status}" for url, status in errors]
        problems += [
            f"{username} {url}: {word!r} in {line!r}" for url, words in found.items() for word, line in words.items()
        ]
    assert not problems, "\n".join(problems)
    # The walk reached each role's screens, not a sign-in page.
    assert any("/revisions/compare/" in url for url in visited["thuky"])
    assert any(url.startswith("/admin/audits/") for url in visited["danhgia"])
    assert any(url.startswith("/admin/planning/") for url in visited["lanhdao"])
    assert all(len(pages) >= 30 for pages in visited.values()), {u: len(p) for u, p in visited.items()}


def test_the_walk_sees_what_a_user_sees_and_only_that():
    html = """<html><head><title>Edit</title><script>var Save = 1;</script></head><body>
        <a title="Delete" href="/admin/">Xoá</a> <div class="w-side-panel-toggle__counter" hidden>None</div>
        <div hidden><button>Cancel</button></div> <td>True</td> <span>Đang công khai</span></body></html>"""
    text = english_walk.visible_text(html)
    assert sorted(english_walk.english_on(text)) == ["Cancel", "True", "Đang công khai"]
