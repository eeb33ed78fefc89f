"""The public procedures (/cong-khai/, docs/public.md) against the staff portal, on SQLite.

The library of bench.portal_reading (BENCH_PUBLIC_DOCUMENTS documents, 2,000 by default) with
its document type public, measured in the same run, interleaved:

1. the public document page (anonymous) against the staff reading page of the same documents
   (signed in): median server time and the ratio (target <= 1.0);
2. the public page's revisit with its ETag (a 304) against its full answer (target <= 0.5);
3. the public list's search (/cong-khai/?q=) against the staff search (/search/?q=) with the same
   queries: the ratio of the medians (target <= 1.3).

Server time is the Django test client's request/response cycle in-process. Exits 1 (and run()
reports not ok) when a target is missed.

    python -m bench public_pages
"""

import os
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.portal_reading import QUERIES, build_library, timed

DOCUMENTS = int(os.environ.get("BENCH_PUBLIC_DOCUMENTS", "2000"))
ROUNDS = 300
TARGET_PAGE_RATIO = 1.0
TARGET_REVISIT_RATIO = 0.5
TARGET_SEARCH_RATIO = 1.3
RESULT_PREFIX = "result: "


def run():
    workdir = Path(tempfile.mkdtemp(prefix="qms-bench-public-"))
    try:
        return measure(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(workdir):
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.test"
    os.environ.setdefault("TEST_MEDIA_ROOT", str(workdir))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from procedures.models import ControlledDocumentPage, DocumentType

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    print(f"building {DOCUMENTS} documents …", file=sys.stderr, flush=True)
    staff = build_library(DOCUMENTS)
    DocumentType.objects.filter(prefix="QT").update(public=True)

    rng = random.Random(13)
    sample = rng.sample(list(ControlledDocumentPage.objects.order_by("pk")), 40)
    pairs = [(f"/cong-khai/tai-lieu/{document.pk}/", document.url) for document in sample]
    public, signed_in = Client(), Client()
    signed_in.force_login(staff)
    for public_url, staff_url in pairs:  # warm caches and compiled templates
        timed(public, public_url)
        timed(signed_in, staff_url)
    etags = {url: public.get(url)["ETag"] for url, _ in pairs}

    public_times, staff_times, revisit_times = [], [], []
    for number in range(ROUNDS):
        public_url, staff_url = pairs[number % len(pairs)]
        measures = [
            (public_times, lambda url=public_url: timed(public, url)),
            (staff_times, lambda url=staff_url: timed(signed_in, url)),
            (revisit_times, lambda url=public_url: timed(public, url, status=304, if_none_match=etags[url])),
        ]
        rng.shuffle(measures)
        for times, run_one in measures:
            times.append(run_one())

    public_search, staff_search = [], []
    for number in range(ROUNDS):
        data = {"q": QUERIES[number % len(QUERIES)]}
        measures = [
            (public_search, lambda data=data: timed(public, "/cong-khai/", data)),
            (staff_search, lambda data=data: timed(signed_in, "/search/", data)),
        ]
        rng.shuffle(measures)
        for times, run_one in measures:
            times.append(run_one())

    def median_ms(values):
        return statistics.median(values) * 1000

    page_ratio = median_ms(public_times) / median_ms(staff_times)
    revisit_ratio = median_ms(revisit_times) / median_ms(public_times)
    search_ratio = median_ms(public_search) / median_ms(staff_search)
    ok = (
        page_ratio <= TARGET_PAGE_RATIO
        and revisit_ratio <= TARGET_REVISIT_RATIO
        and search_ratio <= TARGET_SEARCH_RATIO
    )
    lines = [
        "| documents | public page | staff page | ratio | public 304 | 304/full | public search | staff search | ratio "
        "| load |",
        f"| {DOCUMENTS} | {median_ms(public_times):.1f} ms | {median_ms(staff_times):.1f} ms | {page_ratio:.2f}× "
        f"| {median_ms(revisit_times):.1f} ms | {revisit_ratio:.2f}× | {median_ms(public_search):.1f} ms "
        f"| {median_ms(staff_search):.1f} ms | {search_ratio:.2f}× | {os.getloadavg()[0]:.1f} |",
        f"{RESULT_PREFIX}public/staff page {page_ratio:.2f} (target ≤ {TARGET_PAGE_RATIO}), "
        f"304/full {revisit_ratio:.2f} (target ≤ {TARGET_REVISIT_RATIO}), public/staff search {search_ratio:.2f} "
        f"(target ≤ {TARGET_SEARCH_RATIO}): " + ("OK" if ok else "TARGET MISSED"),
    ]
    return lines, ok


if __name__ == "__main__":
    lines, ok = run()
    print("\n".join(lines))
    raise SystemExit(0 if ok else 1)
