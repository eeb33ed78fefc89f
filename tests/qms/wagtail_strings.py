"""Which Wagtail admin strings do Vietnamese users still see in English?

    .venv/bin/python -m tests.qms.wagtail_strings [--pages N] > /tmp/missing.po

A translator's tool, not a test (pytest collects only test_*.py): on a
throw-away test database (Django's, as the suite makes) with the demo
loaded, it signs in as the ISO secretary (thuky), a department head
(truongphong), an approver (lanhdao) and a superuser, walks the admin in
Vietnamese from a list of key screens (dashboard, explorer, page editor and
history of controlled documents, some in review, and of sections, documents,
images, snippets, reports, workflows, account...) following /admin/ links,
and records every msgid Django translates while the pages render. It prints,
as .po entries with an empty msgstr, those that come from Wagtail's catalogues
and have no Vietnamese in Wagtail's own catalogue nor in
locale_wagtail/vi/LC_MESSAGES/django.po. Translate them, append them to that
file and run `make messages` (see docs/conventions.md).
The JavaScript catalogue (djangojs.po) is small: compare it by hand.
test_admin_vietnamese.py reads the catalogues with its po_entries().
"""

import argparse
import ast
import contextlib
import logging
import os
import re
import sys
import tempfile
from collections import Counter
from html import unescape
from io import StringIO
from pathlib import Path

START = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/search/?q=quy",
    "/admin/documents/",
    "/admin/documents/multiple/add/",
    "/admin/images/",
    "/admin/images/multiple/add/",
    "/admin/snippets/",
    "/admin/reports/locked/",
    "/admin/reports/site-history/",
    "/admin/reports/aging-pages/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/account/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/collections/",
    "/admin/sites/",
]
SKIP = re.compile(r"logout|jsi18n|preview|download|/serve|/static/|\.(js|css|png|jpg|pdf)$")


def po_entries(path):
    """{(msgctxt, msgid): entry dict} for a .po file."""
    entries, current, field = {}, None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current and current.get("msgid"):
                entries[(current.get("msgctxt", ""), current["msgid"])] = current
            current = None
            continue
        current = current or {"flags": ""}
        if line.startswith("#,"):
            current["flags"] = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] += ast.literal_eval(line)
        else:
            field, value = line.split(" ", 1)
            current[field] = ast.literal_eval(value)
    return entries


def translated(entry):
    return "fuzzy" not in entry["flags"] and any(v for k, v in entry.items() if k.startswith("msgstr"))


def crawl(limit):
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils.translation import trans_real
    from wagtail.models import WorkflowState

    from procedures.models import ControlledDocumentPage
    from qms.demo import DEMO_PASSWORD
    from qms.models import User

    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", stdout=StringIO())
    User.objects.create_superuser("quantri", password=DEMO_PASSWORD, full_name="Quản trị")
    seen = set()
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def record_gettext(self, message):
        if self.language() == "vi":
            seen.add(message)
        return gettext(self, message)

    def record_ngettext(self, singular, plural, number):
        if self.language() == "vi":
            seen.add(singular)
        return ngettext(self, singular, plural, number)

    trans_real.DjangoTranslation.gettext = record_gettext
    trans_real.DjangoTranslation.ngettext = record_ngettext
    start = list(START)
    in_review = WorkflowState.objects.active().filter(base_content_type__model="page").values_list("object_id")
    in_review = ControlledDocumentPage.objects.filter(pk__in=[int(pk) for (pk,) in in_review])
    for document in [*ControlledDocumentPage.objects.all()[:3], *in_review[:2]]:
        parent = document.get_parent().pk
        for path in ["edit", "history", "revisions", "workflow_history", "usage"]:
            start.append(f"/admin/pages/{document.pk}/{path}/")
        start += [f"/admin/pages/{parent}/", f"/admin/pages/{parent}/edit/", f"/admin/pages/{parent}/add_subpage/"]
        start.append(f"/admin/pages/add/procedures/controlleddocumentpage/{parent}/")
        start.append(f"/admin/pages/add/procedures/controlleddocumentpage/{parent}/?document_type=")
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    for username in ["thuky", "truongphong", "lanhdao", "quantri"]:
        client.post("/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
        queue, visited, patterns = list(start), set(), Counter()
        while queue and len(visited) < limit:
            url = queue.pop(0)
            pattern = re.sub(r"\d+", "N", url.split("?")[0])
            if url in visited or patterns[pattern] >= 2 or SKIP.search(url):
                continue
            visited.add(url)
            patterns[pattern] += 1
            response = client.get(url)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                for href in re.findall(r'href="(/admin/[^"#]*)"', response.content.decode()):
                    queue.append(unescape(href))
        print(f"# {username}: {len(visited)} pages", file=sys.stderr)
        client.logout()
    return seen


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200, help="pages to visit per user (default 200)")
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.test"
    os.environ.setdefault("TEST_MEDIA_ROOT", tempfile.mkdtemp(prefix="qms-wagtail-strings-"))
    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the crawl meets many 404s
    setup_test_environment()
    with contextlib.redirect_stdout(sys.stderr):  # createcachetable talks; stdout is the .po
        databases = setup_databases(verbosity=0, interactive=False)  # never db.sqlite3: a test database
    try:
        seen = crawl(args.pages)
    finally:
        teardown_databases(databases, verbosity=0)

    import wagtail
    from django.apps import apps
    from django.conf import settings

    wagtail_dir = Path(wagtail.__file__).parent
    english, vietnamese = {}, set()
    for po in sorted(wagtail_dir.glob("**/locale/en/LC_MESSAGES/django.po")):
        for key, entry in po_entries(po).items():
            english.setdefault(key, (entry, po.parents[3].relative_to(wagtail_dir.parent)))
    # Every catalogue Django reads: a msgid translated in any of them is not shown in English.
    locale_dirs = [Path(django.__file__).parent / "conf" / "locale", *map(Path, settings.LOCALE_PATHS)]
    locale_dirs += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    for locale_dir in locale_dirs:
        po = locale_dir / "vi" / "LC_MESSAGES" / "django.po"
        if po.exists():
            vietnamese |= {key for key, entry in po_entries(po).items() if translated(entry)}
    missing = 0
    for (context, msgid), (entry, source) in english.items():
        looked_up = f"{context}\x04{msgid}" if context else msgid
        if looked_up not in seen or (context, msgid) in vietnamese:
            continue
        missing += 1
        print(f"#. {source}")
        if entry["flags"]:
            print(entry["flags"])
        for field in ["msgctxt", "msgid", "msgid_plural"]:
            if field in entry:
                print(f"{field} {quote(entry[field])}")
        print('msgstr[0] ""\n' if "msgid_plural" in entry else 'msgstr ""\n')
    print(f"# {missing} Wagtail strings shown in English", file=sys.stderr)


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


if __name__ == "__main__":
    main(sys.argv[1:])
