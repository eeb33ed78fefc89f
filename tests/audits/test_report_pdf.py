"""The audit report PDF lists every finding, with the agency header, team, counts and signatures."""

import subprocess
from urllib.parse import quote

from django.urls import reverse

from audits.models import Finding
from tests.audits.factories import FindingFactory


def pdf_text(tmp_path, data, *pages):
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603


def test_report_lists_every_finding_and_repeats_the_table_header(
    client, secretary, running_audit, audited, clause_92, tmp_path, head
):
    kinds = [Finding.Kind.MAJOR_NC, Finding.Kind.MINOR_NC, Finding.Kind.OBSERVATION, Finding.Kind.OFI]
    for index in range(24):
        FindingFactory(
            audit=running_audit,
            kind=kinds[index % 4],
            clause=clause_92 if index % 2 else None,
            department=audited,
            description=f"Phát hiện số {index} về hồ sơ một cửa " + "nội dung dài " * 12,
            evidence="Bằng chứng kiểm tra",
            recorded_by=None,
        )
    client.force_login(secretary)
    response = client.get(reverse("audits_audit:report", args=[running_audit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # RFC 6266: the Vietnamese number travels in filename*, the header itself stays ASCII.
    disposition = response["Content-Disposition"]
    assert disposition == f"inline; filename*=utf-8''bao-cao-{quote(running_audit.number)}.pdf"
    assert disposition.isascii() and "=?utf-8?" not in disposition
    text = pdf_text(tmp_path, response.content)
    flat = " ".join(text.split())
    for number in Finding.objects.values_list("number", flat=True):
        assert number in flat, number
    assert "SỞ NỘI VỤ" in flat or "Sở" in flat
    assert "BÁO CÁO ĐÁNH GIÁ NỘI BỘ" in flat
    assert "Phạm Thị Mai" in flat and "Đỗ Quốc Bảo" in flat
    assert "Trần Văn Minh" in flat  # the audited department's head signs
    assert "(2008: 8.2.2)" in flat
    # Counts by type: six of each.
    assert "Điểm không phù hợp nặng 6" in flat
    pages = text.split("\f")
    table_pages = [page for page in pages if "/NC-" in page or "/OBS-" in page or "/OFI-" in page]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "Mô tả và bằng chứng" in page, "the findings table header repeats on each page"
