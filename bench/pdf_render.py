"""First render of a 20-page procedure vs raw WeasyPrint on the identical HTML; cached download.

- ratio 1: median time of our first render (``printing.get_or_render`` of a
  variant nobody has rendered: HTML, QR code, PDF/A, SHA-256, storage, row)
  divided by the median time of raw ``weasyprint.HTML(string=html).write_pdf()``
  on exactly the final HTML of that copy. Target: at most 1.25.
- ratio 2: median first render divided by the median time of a cached
  download of ``<document>/pdf/`` through the Django test client (request,
  routing, permission checks, streaming the stored file). Target: at least 50.
"""

import datetime
import statistics
import time

ROUNDS = 5
STEPS_FOR_20_PAGES = 225


# Needs bench/setup_db.py's temporary database (see bench/__main__.py).
USES_SHARED_SETUP = True


def run():
    from django.conf import settings
    from django.test import Client
    from weasyprint import HTML

    from bench.documents import current_document, organisation
    from procedures.copies import printing
    from procedures.models import CopyKind

    people, department, section = organisation()
    issue = current_document(
        people, department, section, "Quy trình tiếp nhận và giải quyết hồ sơ", STEPS_FOR_20_PAGES, signed=True
    )
    ours, raw = [], []
    first_day = issue.effective_date + datetime.timedelta(days=10)
    pages = None
    for n in range(ROUNDS):
        day = first_day + datetime.timedelta(days=n)
        start = time.perf_counter()
        copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED, today=day)
        ours.append(time.perf_counter() - start)
        html = printing.build_html(issue, CopyKind.UNCONTROLLED, code=copy.code, print_date=copy.print_date)
        start = time.perf_counter()
        HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
        raw.append(time.perf_counter() - start)
        if pages is None:
            pages = len(HTML(string=html, base_url=str(settings.BASE_DIR)).render().pages)

    client = Client()
    client.force_login(people["nhanvien"])
    url = issue.document.url + "pdf/"
    start = time.perf_counter()
    first = client.get(url)
    b"".join(first.streaming_content)
    first_download = time.perf_counter() - start
    cached = []
    for _ in range(30):
        start = time.perf_counter()
        response = client.get(url)
        data = b"".join(response.streaming_content)
        cached.append(time.perf_counter() - start)
    assert response.status_code == 200 and data.startswith(b"%PDF-")

    ours_median, raw_median, cached_median = statistics.median(ours), statistics.median(raw), statistics.median(cached)
    ok = ours_median / raw_median <= 1.25 and ours_median / cached_median >= 50
    return [
        f"20-page procedure: {pages} pages, {len(data) // 1024} KiB",
        f"our first render (median of {ROUNDS}): {ours_median * 1000:.0f} ms",
        f"raw WeasyPrint on the identical HTML (median of {ROUNDS}): {raw_median * 1000:.0f} ms",
        f"ratio ours / raw: {ours_median / raw_median:.2f} (target <= 1.25)",
        f"first download through the view (renders): {first_download * 1000:.0f} ms",
        f"cached download (median of {len(cached)}): {cached_median * 1000:.1f} ms",
        f"first render / cached download: {ours_median / cached_median:.0f}x (target >= 50)",
        "result: " + ("OK" if ok else "TARGET MISSED"),
    ], ok
