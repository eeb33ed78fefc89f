"""Peak memory of the zip export of 300 current documents, in a subprocess of its own.

The parent builds 300 documents in the benchmark database; a fresh
``python -m bench.pdf_export <export id>`` process runs the export task and
reports its resident memory before the export and its peak (ru_maxrss).
Target: peak at most 400 MB.
"""

import json
import os
import resource
import subprocess
import sys
import time

DOCUMENTS = 300


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# Needs bench/setup_db.py's temporary database (see bench/__main__.py).
USES_SHARED_SETUP = True


def run():
    from bench.documents import current_document, organisation
    from procedures.models import CopyExport, CopyExportStatus

    people, department, section = organisation()
    start = time.perf_counter()
    for n in range(DOCUMENTS):
        current_document(people, department, section, f"Quy trình số {n + 1} của Sở", steps=6)
    built = time.perf_counter() - start
    export = CopyExport.objects.create(requested_by=people["thuky"])
    result = subprocess.run(
        [sys.executable, "-m", "bench.pdf_export", str(export.pk)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    export.refresh_from_db()
    assert export.status == CopyExportStatus.DONE, export.error
    size = export.file.size // (1024 * 1024)
    ok = figures["peak_mb"] <= 400
    return [
        f"{DOCUMENTS} documents built in {built:.0f} s",
        f"export of {export.done}/{export.total} PDFs + register: {figures['seconds']:.0f} s, zip {size} MiB",
        f"subprocess RSS before the export: {figures['rss_before_mb']:.0f} MB",
        f"subprocess peak RSS (ru_maxrss): {figures['peak_mb']:.0f} MB (target <= 400)",
        "result: " + ("OK" if ok else "TARGET MISSED"),
    ], ok


def child(export_id):
    from bench.setup_db import configure

    configure()
    import weasyprint  # noqa: F401 - loaded before the baseline, as in a worker

    from procedures.copies.exports import build_export
    from procedures.models import CopyExport

    before = rss_mb()
    start = time.perf_counter()
    build_export(CopyExport.objects.get(pk=export_id))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rss_before_mb": before, "peak_mb": peak, "seconds": seconds}))


if __name__ == "__main__":
    child(int(sys.argv[1]))
