"""Walk the admin as each role does and list the English words a Vietnamese user sees.

Used by test_admin_no_english.py (on the demo loaded into the test database) and, to
look at a running demo quickly, from the shell:

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 DJANGO_SETTINGS_MODULE=qms.settings.dev \\
        .venv/bin/python -m tests.qms.english_walk thuky lanhdao

Only text a person sees counts: the page's text outside <script>, <style> and
attributes, plus the sidebar's labels (drawn by JavaScript from a JSON script tag).
"""

import json
import re
import sys
from collections import Counter
from html import unescape
from html.parser import HTMLParser

# Words of Wagtail's and Django's interface, as a user would see them if a translation
# is missing. Whole words, case as shown; none of them occurs in Vietnamese data.
ENGLISH = [
    "Approved by",
    "Edit",
    "Delete",
    "Live",
    "Draft",
    "Save",
    "Cancel",
    "History",
    "None",
    "True",
    "False",
    "Fields",
    "Changes",
    "Dashboard",
    "Pages",
    "Search",
    "Status",
    "Submit",
    "Publish",
    "Promote",
    "Revisions",
    "Compare",
    "Not live",
    "Author",
    "Restore",
    "Settings",
    "Privacy",
    "Actions",
    "Filter",
    "Sort by",
    "by",
    "Page",
    "Created",
    "Updated",
    "Review",
    "View",
    "Add",
    "Back",
]
# Wagtail's web-publishing words, where a document-control system says "in force", "issue".
WEB_WORDS = ["đang công khai", "quảng bá", "xuất bản"]
WEB_RE = re.compile("|".join(WEB_WORDS), re.IGNORECASE)
ENGLISH_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])")

START = [
    "/admin/",
    "/admin/pages/",
    "/admin/reports/workflow/",
    "/admin/reports/site-history/",
    "/admin/audits/programme/",
    "/admin/audits/audit/",
    "/admin/audits/question/",
    "/admin/audits/finding/",
    "/admin/audits/action/",
    "/admin/planning/objectives/",
    "/admin/planning/risks/",
    "/admin/planning/nonconformities/",
    "/admin/planning/reviews/",
    "/admin/account/",
]
# Never followed: leaving, files, JavaScript catalogues, previews (the portal's page), exports.
SKIP = re.compile(
    r"logout|jsi18n|preview|download|export|/serve|/static/|/media/|\.(js|css|png|jpg|pdf|docx|xlsx)$|"
    r"[?&]export=|/usage/|/chooser/|/autocomplete/"
)


class VisibleText(HTMLParser):
    """Text nodes outside script, style and the like, and outside hidden counters.

    Hidden menus and panels count (a click shows them); a hidden counter does not:
    the script fills it with a number before showing it (Wagtail's side-panel
    comment counter holds "None" until then)."""

    HIDDEN = {"script", "style", "noscript", "head", "title", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.parts = 0, []
        self.counter_tag, self.counter_depth = None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.depth += 1
        if self.counter_tag == tag:
            self.counter_depth += 1
        elif self.counter_tag is None and "hidden" in attrs and "counter" in (attrs.get("class") or ""):
            self.counter_tag, self.counter_depth = tag, 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1
        if tag == self.counter_tag:
            self.counter_depth -= 1
            if not self.counter_depth:
                self.counter_tag = None

    def handle_data(self, data):
        if not self.depth and self.counter_tag is None and data.strip():
            self.parts.append(data.strip())


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parts = parser.parts
    for props in re.findall(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S):
        parts += re.findall(r'"label": "([^"]*)"', json.dumps(json.loads(props), ensure_ascii=False))
    return "\n".join(parts)


def links(html):
    found = [unescape(h) for h in re.findall(r'href="(/admin/[^"#]*)"', html)]
    for props in re.findall(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S):
        found += re.findall(r'"url": "(/admin/[^"]*)"', json.dumps(json.loads(props)))
    return found


def english_on(text):
    """{word: the line it was seen on} for each English word in the text."""
    seen = {}
    for line in text.splitlines():
        for word in ENGLISH_RE.findall(line) + WEB_RE.findall(line):
            seen.setdefault(word, line[:120])
    return seen


def document_urls():
    """A document's editor, history, revisions compared, workflow history; one in review, one issued twice."""
    from wagtail.models import Revision, WorkflowState

    from procedures.models import ControlledDocumentPage

    urls = []
    in_review = WorkflowState.objects.active().filter(base_content_type__model="page").values_list("object_id")
    reviewed = ControlledDocumentPage.objects.filter(pk__in=[int(pk) for (pk,) in in_review]).first()
    documents = [d for d in [reviewed, *ControlledDocumentPage.objects.filter(issues__isnull=False)[:40]] if d]
    revised = next((d for d in documents if d.revisions.count() >= 2), None)
    for document in dict.fromkeys([*documents[:1], revised]):
        if document is None:
            continue
        urls += [f"/admin/pages/{document.pk}/{view}/" for view in ["edit", "history", "workflow_history"]]
        urls += [f"/admin/pages/{document.get_parent().pk}/"]
        revisions = list(Revision.page_revisions.filter(object_id=str(document.pk)).order_by("-pk")[:2])
        if len(revisions) == 2:
            urls.append(f"/admin/pages/{document.pk}/revisions/compare/{revisions[1].pk}...{revisions[0].pk}/")
            urls.append(f"/admin/pages/{document.pk}/revisions/compare/earliest...{revisions[0].pk}/")
            urls.append(f"/admin/pages/{document.pk}/revisions/{revisions[1].pk}/view/")
    return urls


def walk(client, start, limit=150, per_pattern=1):
    """Visit admin pages breadth-first from start: {url: {word: line}}, [(url, status)] of 5xx, redirect loops."""
    queue, visited, patterns = list(start), [], Counter()
    found, errors = {}, []
    while queue and len(visited) < limit:
        url = queue.pop(0)
        pattern = re.sub(r"\d+", "N", url.split("?")[0])
        if url in visited or patterns[pattern] >= per_pattern or SKIP.search(url):
            continue
        visited.append(url)
        patterns[pattern] += 1
        response = client.get(url, follow=True)
        chain = [u for u, _ in response.redirect_chain]
        if response.status_code >= 500 or len(chain) != len(set(chain)):
            errors.append((url, response.status_code))
            continue
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            html = response.content.decode()
            words = english_on(visible_text(html))
            if words:
                found[url] = words
            queue += links(html)
    return found, errors, visited


def main(usernames):
    import django

    django.setup()
    from django.test import Client

    from qms.demo import DEMO_PASSWORD

    for username in usernames:
        client = Client(HTTP_ACCEPT_LANGUAGE="vi", HTTP_HOST="127.0.0.1")
        client.post("/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
        found, errors, visited = walk(client, [*document_urls(), *START])
        print(f"# {username}: {len(visited)} pages, {len(found)} with English, errors {errors}")
        for url, words in found.items():
            for word, line in words.items():
                print(f"{url}\t{word}\t{line}")


if __name__ == "__main__":
    main(sys.argv[1:])
