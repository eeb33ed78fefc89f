"""Walk the admin as each role does and list the English words a Vietnamese user sees.

Used by test_admin_no_english.py (on the demo loaded into the test database) and, to
look at a running demo quickly, from the shell:

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 DJANGO_SETTINGS_MODULE=qms.settings.dev \\
        .venv/bin/python -m tests.qms.english_walk thuky lanhdao

Only text a person sees counts: the page's text outside <script> and <style>, a
button's label and a box's placeholder (not other attributes), plus the sidebar's
labels (drawn by JavaScript from a JSON script tag).
"""

import json
import re
import sys
from collections import Counter
from html import unescape
from html.parser import HTMLParser

from django.test.client import RedirectCycleError

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
# Words of an English sentence (an error, an empty list's message, a help text): whole
# words, case as shown; none of them is a Vietnamese word written without its accents.
SENTENCE_WORDS = [
    "the",
    "The",
    "of",
    "is",
    "are",
    "this",
    "This",
    "that",
    "you",
    "You",
    "your",
    "Your",
    "and",
    "or",
    "with",
    "for",
    "from",
    "has",
    "have",
    "must",
    "not",
    "Please",
    "please",
    "required",
    "field",
    "Select",
    "valid",
    "There",
    "Sorry",
    "Choose",
    "No",
    "Yes",
    "Close",
    "Next",
    "Previous",
    "Loading",
    "Error",
    "Forbidden",
    "Not Found",
    "Server Error",
    "Sign in",
    "Log in",
    "Password",
    "Username",
    "Home",
    "Help",
    "Reports",
    "Upload",
    "Download",
    "Clear",
    "Apply",
    "Confirm",
    "results",
    "found",
]
ENGLISH = ENGLISH + SENTENCE_WORDS
# Wagtail's web-publishing words, where a document-control system says "in force", "issue".
WEB_WORDS = ["đang công khai", "quảng bá", "xuất bản"]
# Wagtail's "page" where the back office means a document or a folder ("trang" stays for a web page).
PAGE_WORDS = ["trang con", "trang cha", "trang '", "các trang đã chọn", "trang này đang"]
WEB_RE = re.compile("|".join(WEB_WORDS + PAGE_WORDS), re.IGNORECASE)
ENGLISH_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])")

# Where each role starts: the portal's home and the back office's dashboard; everything
# else is found by following their links (menus, panels, lists, rows), so a new screen
# linked from anywhere is walked without anyone adding it here. The rest of the list
# are screens a user reaches by typing or from a mail, not by a link of the pages.
START = [
    "/",
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
    "/api/docs/",
]
# Never followed: leaving, switching language, files, JavaScript catalogues, previews,
# exports, machine-readable answers.
SKIP = re.compile(
    r"logout|dang-xuat|jsi18n|preview|download|export|/serve|^/static/|^/media/|^/documents/|"
    r"\.(js|css|png|jpg|svg|ico|pdf|docx|xlsx|csv|xml|txt|json)$|[?&]export=|/usage/|/chooser/|/autocomplete/|"
    r"^/i18n/|/ngon-ngu/|^/api/(schema|v1)/|^/healthz/|^/dang-nhap/|/admin/login/|/tep/|/tep-minh-chung/|"
    r"/bang-chung/|/bieu-mau/|/pdf/|/scan/|/draft-word/|/mo/$|/da-doc-het/|/xac-nhan/$|/ket-thuc/$|"
    r"/failwhale/|/lock/|/unlock/|/delete/|/unpublish/|/move/|/copy/|/revisions/\d+/revert/|/convert_alias/"
)
# The project's own URL prefixes; any other path is a page Wagtail serves (a document, a section).
APP_PREFIXES = (
    "/admin/",
    "/api/",
    "/cong-khai/",
    "/kiem-soat/",
    "/khac-phuc/",
    "/xem-xet/",
    "/thong-bao/",
    "/tinh/",
    "/verify/",
    "/mat-khau-ky/",
    "/search/",
)
# A search nobody's data matches: the lists' empty states.
NOTHING = "zzqxkhongco"


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
        if self.depth or self.counter_tag is not None:
            return
        # What an attribute shows: a button's label, a box's placeholder.
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"} and attrs.get("value"):
            self.parts.append(attrs["value"].strip())
        if attrs.get("placeholder"):
            self.parts.append(attrs["placeholder"].strip())

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


# What the admin's JavaScript shows from the definitions it is given as JSON (a StreamField's
# blocks, the steps grid): labels, help texts and the grid's own strings.
SHOWN_KEYS = {"label", "helpText", "strings", "messages", "addHint", "notePlaceholder"}


def shown_strings(value, shown=False):
    if isinstance(value, str):
        return [value] if shown else []
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in shown_strings(item, shown or key in SHOWN_KEYS)]
    if isinstance(value, list):
        return [s for item in value for s in shown_strings(item, shown)]
    return []


def script_strings(html):
    """The labels in the JSON the admin's scripts draw from (data-*-value attributes and JSON script tags)."""
    found = []
    blobs = [unescape(b) for b in re.findall(r'data-[\w-]+-value="([\[{][^"]*)"', html)]
    blobs += re.findall(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', html, re.S)
    for blob in blobs:
        try:
            found += shown_strings(json.loads(blob))
        except ValueError:
            continue
    return [s.strip() for s in found if s.strip()]


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parts = parser.parts + script_strings(html)
    for props in re.findall(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S):
        parts += re.findall(r'"label": "([^"]*)"', json.dumps(json.loads(props), ensure_ascii=False))
    return "\n".join(parts)


def links(html):
    """The site's own addresses a page links to (menus, panels, rows, buttons), sidebar included."""
    found = [unescape(h) for h in re.findall(r'href="(/(?!/)[^"#]*)"', html)]
    for props in re.findall(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S):
        found += re.findall(r'"url": "(/admin/[^"]*)"', json.dumps(json.loads(props)))
    return found


def searches(html, url):
    """A list's search for nothing, to see its empty state: the GET forms with a text box named q."""
    found = []
    for form in re.findall(r"<form\b[^>]*>.*?</form>", html, re.S):
        opening = form[: form.index(">")]
        if 'method="post"' in opening.lower() or not re.search(r'<input[^>]*name="q"', form):
            continue
        action = re.search(r'action="([^"]*)"', opening)
        target = unescape(action.group(1)) if action and action.group(1) else url.split("?")[0]
        if target.startswith("/"):
            found.append(f"{target.split('?')[0]}?q={NOTHING}")
    return found


# Wagtail's page editor: its StreamField's form is completed by JavaScript (the blocks' counts), never sent bare.
BUILT_BY_SCRIPT = re.compile(r"^/admin/pages/(\d+/edit/|add/)")
REQUIRED_FIELD = re.compile(r"<(input|select|textarea)\b[^>]*\brequired\b")


def posted_forms(html, url):
    """The page's POST forms with a required field: (address, hidden fields); sent so, they answer with their errors."""
    found = []
    for form in re.findall(r"<form\b[^>]*>.*?</form>", html, re.S):
        opening = form[: form.index(">")]
        if 'method="post"' not in opening.lower() or not REQUIRED_FIELD.search(form):
            continue
        action = re.search(r'action="([^"]*)"', opening)
        target = unescape(action.group(1)) if action and action.group(1) else url
        if target.startswith("/") and not SKIP.search(target.split("?")[0]) and not BUILT_BY_SCRIPT.search(target):
            # As a browser sends it with the boxes left empty: the hidden fields keep their values.
            inputs = [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r"<input\b[^>]*>", form)]
            hidden = {
                i["name"]: unescape(i.get("value", "")) for i in inputs if i.get("type") == "hidden" and "name" in i
            }
            found.append((target, hidden))
    return found


def pattern_of(url):
    """What makes two addresses the same screen: the path with its numbers as N; Wagtail's served pages by depth."""
    path = url.split("?")[0]
    if path == "/" or path.startswith(APP_PREFIXES):
        return re.sub(r"\d+", "N", path) + ("?q" if f"q={NOTHING}" in url else "")
    return f"served page, depth {path.strip('/').count('/')}"


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
        # A new document in the same section: its type is asked first.
        urls += [f"/admin/pages/add/procedures/controlleddocumentpage/{document.get_parent().pk}/"]
        revisions = list(Revision.page_revisions.filter(object_id=str(document.pk)).order_by("-pk")[:2])
        if len(revisions) == 2:
            urls.append(f"/admin/pages/{document.pk}/revisions/compare/{revisions[1].pk}...{revisions[0].pk}/")
            urls.append(f"/admin/pages/{document.pk}/revisions/compare/earliest...{revisions[0].pk}/")
            urls.append(f"/admin/pages/{document.pk}/revisions/{revisions[1].pk}/view/")
    return urls


def fetch(client, url, method="get", data=None):
    """(response, problem): the answer after its redirects, or why there is none (a 5xx, a loop, an exception)."""
    try:
        response = getattr(client, method)(url, data or {}, follow=True)
    except RedirectCycleError:
        return None, "redirect loop"
    except Exception as error:  # noqa: BLE001 - a view's exception is what the walk reports
        return None, f"{type(error).__name__}: {error}"
    chain = [u for u, _ in response.redirect_chain]
    if len(chain) != len(set(chain)):
        return None, "redirect loop"
    if response.status_code >= 500:
        return None, response.status_code
    return response, None


def walk(client, start, limit=150, per_pattern=1, forms=True):
    """Visit the site breadth-first from start, as the client's user: ({url: {word: line}}, [(url, problem)], visited).

    Every answer in HTML is read, refusals and not-found pages included; the links of
    pages that open are followed. With forms, each list's search for nothing (its empty
    state) and each POST form with a required field, sent empty (its errors), once per
    screen: a form sent empty changes nothing."""
    queue, visited, patterns = list(start), [], Counter()
    found, errors, sent = {}, [], set()
    while queue and len(visited) < limit:
        url = queue.pop(0)
        pattern = pattern_of(url)
        if url in visited or patterns[pattern] >= per_pattern or SKIP.search(url.split("?")[0]):
            continue
        visited.append(url)
        patterns[pattern] += 1
        response, problem = fetch(client, url)
        if problem:
            errors.append((url, problem))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        words = english_on(visible_text(html))
        if words:
            found[url] = words
        if response.status_code != 200:
            continue
        queue += links(html)
        if not forms:
            continue
        queue += [search for search in searches(html, url) if search not in visited]
        for target, data in posted_forms(html, response.request["PATH_INFO"]):
            if pattern_of(target) in sent:
                continue
            sent.add(pattern_of(target))
            answer, problem = fetch(client, target, "post", data)
            if problem:
                errors.append((f"POST {target}", problem))
            elif "html" in answer.get("Content-Type", ""):
                words = english_on(visible_text(answer.content.decode()))
                if words:
                    found[f"POST {target}"] = words
    return found, errors, visited


def main(usernames):
    import django

    django.setup()
    from django.test import Client

    from qms.demo import DEMO_PASSWORD

    for username in usernames:
        client = Client(HTTP_ACCEPT_LANGUAGE="vi", HTTP_HOST="127.0.0.1", raise_request_exception=False)
        client.post("/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
        found, errors, visited = walk(client, [*document_urls(), *START])
        print(f"# {username}: {len(visited)} pages, {len(found)} with English, errors {errors}")
        if "-v" in sys.argv:
            print("\n".join(visited))
        for url, words in found.items():
            for word, line in words.items():
                print(f"{url}\t{word}\t{line}")


if __name__ == "__main__":
    main([arg for arg in sys.argv[1:] if not arg.startswith("-")])
