"""The minutes PDF in the agency's layout: its superior body and name as the letterhead, and the
agency's own stamp wording at the foot of every page (signed minutes printed are an uncontrolled
copy, with the SHA-256 of their signed content); a draft is stamped "not signed"."""

import datetime
import subprocess

from planning import minutes, review_inputs
from planning.models import ManagementReview
from tests.planning.conftest import YEAR


def pdf_text(pdf, tmp_path):
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", "-layout", str(path), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603, S607


def test_the_minutes_carry_the_agencys_letterhead_and_stamp_wording(org, tmp_path):
    agency = org["ccvc"].agency
    agency.superior_body = "UBND TỈNH VĨNH LONG"
    agency.stamp_uncontrolled = "BẢN IN THAM KHẢO"
    agency.save()
    review = ManagementReview.objects.create(
        agency=agency,
        held_on=datetime.date(YEAR, 12, 20),
        place="Vĩnh Long",
        chair=org["approver"],
        participants="Ban Giám đốc",
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
    )
    review_inputs.gather_into(review, org["secretary"], today=datetime.date(YEAR, 12, 20))
    review.refresh_from_db()

    draft = pdf_text(minutes.minutes_pdf(review, language="vi"), tmp_path)
    assert "UBND TỈNH VĨNH LONG" in draft.upper() and agency.agency_name.upper() in draft.upper()
    assert "DỰ THẢO – CHƯA KÝ" in draft
    assert "BẢN IN THAM KHẢO" not in draft

    review.sign(org["approver"])
    review.refresh_from_db()
    signed = pdf_text(minutes.minutes_pdf(review, language="vi"), tmp_path)
    assert "DỰ THẢO" not in signed
    assert "BẢN IN THAM KHẢO – in ngày" in signed
    assert review.content_sha256[:16] in signed.replace("\n", "").replace(" ", "")
