"""Reading a .zip of 100 Word procedures for import vs mammoth's bare conversion of the same files.

- ratio: the time to take the .zip apart, check every file (qms.uploads) and
  read each into the parts of a controlled document (procedures.wordio:
  mammoth's HTML, the tables through python-docx with their merged cells,
  headings, steps, records), divided by the time of ``mammoth.convert_to_html``
  alone on the same 100 files, in the same run. Target: at most 2.
- peak memory (the process's peak resident size, ``resource``) after reading the .zip:
  target at most 300 MB.
- a 40-page procedure with 200 steps reads, with every step kept.

The files are written by procedures.wordio.writing (the exporter's layout:
merged header cells, signature and amendment tables), each with six
sections, a steps table of 12 steps, a records table and another table.
Writing drafts to the database is not part of the figure (one page save per
file, measured by the page benchmarks).
"""

import io
import os
import resource
import statistics
import time
import zipfile
from datetime import date
from decimal import Decimal

FILES = 100
ROUNDS = 1  # 100 files each way; one round keeps `make bench` in minutes on a shared machine


def _procedure(number, steps=12, paragraphs=3):
    from procedures.wordio.writing import WordDocument, write_docx

    text = "Quy định trình tự, thủ tục và trách nhiệm của các phòng trong việc giải quyết hồ sơ. " * 4
    body = [
        ("section", {"kind": "purpose", "heading": "Mục đích", "body": f"<p>{text}</p>" * paragraphs}),
        (
            "section",
            {"kind": "scope", "heading": "Phạm vi áp dụng", "body": "<ul><li>Phòng A</li><li>Phòng B</li></ul>"},
        ),
        ("section", {"kind": "references", "heading": "Tài liệu viện dẫn", "body": f"<p>{text}</p>" * paragraphs}),
        (
            "section",
            {"kind": "terms", "heading": "Định nghĩa/viết tắt", "body": "<p><b>TTHC</b>: thủ tục hành chính.</p>"},
        ),
        ("section", {"kind": "content", "heading": "Nội dung quy trình", "body": f"<p>{text}</p>" * paragraphs}),
        (
            "table",
            {
                "data": [
                    ["Thành phần hồ sơ", "Bản chính", "Bản sao"],
                    ["Đơn đề nghị", "01", "01"],
                    ["Tờ khai", "01", ""],
                ],
                "mergeCells": [{"row": 1, "col": 1, "rowspan": 1, "colspan": 2}],
                "first_row_is_table_header": True,
            },
        ),
        (
            "steps_table",
            {
                "heading": "Trình tự thực hiện",
                "processing_time_days": Decimal(steps),
                "steps": [
                    {
                        "step": f"B{i + 1}",
                        "action": f"Bước công việc số {i + 1}: kiểm tra, thẩm định và chuyển hồ sơ.",
                        "responsible": "Phòng Hành chính",
                        "time_days": Decimal("0.5"),
                        "time_note": "",
                        "result": f"BM-{i + 1:02d}",
                    }
                    for i in range(steps)
                ],
            },
        ),
        (
            "records_kept",
            {
                "heading": "Hồ sơ lưu",
                "records": [
                    {
                        "record": "Đơn đề nghị",
                        "form_code": "BM-01",
                        "keeper": "Văn thư",
                        "retention": "05 năm",
                        "place": "Kho",
                    }
                ],
            },
        ),
    ]
    return write_docx(
        WordDocument(
            agency_lines=["UBND TỈNH VĨNH LONG", "SỞ NỘI VỤ"],
            title=f"Quy trình giải quyết hồ sơ số {number}",
            code=f"QT-{number:03d}",
            edition=2,
            amendment=1,
            effective_date=date(2024, 1, 15),
            signers=[
                {"role": "prepared", "name": "Nguyễn Văn An", "title": "Chuyên viên", "how": "Đã ký"},
                {"role": "reviewed", "name": "Trần Thị Bình", "title": "Trưởng phòng", "how": "Đã ký"},
                {"role": "approved", "name": "Lê Văn Cường", "title": "Giám đốc", "how": "Đã ký"},
            ],
            history=[{"date": date(2020, 1, 2), "location": "", "content": "Ban hành lần đầu", "edition": "01/00"}],
            body=body,
        )
    )


def _read_zip(data):
    from procedures.wordio.files import docx_of, entries_of
    from procedures.wordio.reading import read_docx

    return [read_docx(docx_of(entry), entry.name) for entry in entries_of("batch.zip", data)]


def run():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.test")
    django.setup()
    import mammoth

    files = {f"qt-{n:03d}.docx": _procedure(n) for n in range(1, FILES + 1)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    batch = buffer.getvalue()

    ours, bare = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        results = _read_zip(batch)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        for data in files.values():
            mammoth.convert_to_html(io.BytesIO(data))
        bare.append(time.perf_counter() - start)
    assert len(results) == FILES and all(not r.errors and r.steps_count == 12 for r in results)

    # The process's peak resident size so far: the .zip, the 100 files, both conversions (Linux: KiB).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    big = _procedure(999, steps=200, paragraphs=40)
    start = time.perf_counter()
    from procedures.wordio.files import Entry, docx_of
    from procedures.wordio.reading import read_docx

    long_read = read_docx(docx_of(Entry("qt-999.docx", big)), "qt-999.docx")
    long_time = time.perf_counter() - start
    assert long_read.steps_count == 200, long_read.steps_count

    ratio = statistics.median(ours) / statistics.median(bare)
    load = os.getloadavg()[0]
    ours_s, bare_s = statistics.median(ours), statistics.median(bare)
    memory_ok = "OK" if peak <= 300 * 1024 * 1024 else "OVER"
    return [
        f"files: {FILES}, zip {len(batch) / 1024:.0f} KiB; load average {load:.1f}",
        f"import read (median of {ROUNDS}): {ours_s:.2f} s; mammoth alone: {bare_s:.2f} s",
        f"ratio import / mammoth: {ratio:.2f} (target <= 2) {'OK' if ratio <= 2 else 'OVER'}",
        f"peak resident memory of the run: {peak / 1024 / 1024:.0f} MB (target <= 300) {memory_ok}",
        f"40-page procedure, 200 steps: read in {long_time:.2f} s, {long_read.steps_count} steps kept",
    ]
