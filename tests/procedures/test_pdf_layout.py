"""Where things sit on a printed procedure: read back with pdftotext -bbox (word boxes in points)."""

import shutil

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from procedures.copies import printing
from tests.procedures import pdf_tools
from tests.procedures.pdf_fixtures import long_body
from tests.procedures.test_pdf_copies import agency  # noqa: F401  (the Sở Nội vụ header)
from tests.procedures.workflow import issue_through_workflow

MM = pdf_tools.MM
PUBLIC = "https://qms.sonoivu.vinhlong.gov.vn"


def form_file():
    document = Document(title="Đơn đăng ký")
    document.file.save("bm-99.docx", ContentFile(b"PK\x03\x04 form"), save=True)
    return document


def body_with_a_downloadable_form(steps):
    body = long_body(steps)
    forms = body[-1]["value"]["forms"]
    forms.append({"code": "BM-99", "title": "Đơn đăng ký dự tuyển", "file": form_file().pk})
    return body


def downloaded(client, document, tmp_path, host):
    response = client.get(document.url + "pdf/", HTTP_HOST=host)
    assert response.status_code == 200
    path = tmp_path / "copy.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    keep = tmp_path.parent / "layout-document.pdf"  # kept for looking at (pdftoppm) after the run
    shutil.copy(path, keep)
    return path


def line_of(words, text):
    (box,) = pdf_tools.word_boxes(words, text)[:1]
    return [w for w in words if abs(w[2] - box[2]) < 1]


def test_printed_procedure_layout(client, org, make_document, agency, tmp_path, settings):  # noqa: F811
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["*"]
    document = make_document(body=body_with_a_downloadable_form(steps=30))
    issue = issue_through_workflow(client, org, document)
    client.force_login(org["staff"])
    # Asked for through another host name (a proxy, an IP address): the copy still points to the public address.
    path = downloaded(client, document, tmp_path, host="10.0.0.7:8000")
    assert pdf_tools.page_count(path) >= 2

    # Page 1: the header table starts near the top edge, no band of blank paper above it.
    first = pdf_tools.words(path, 1)
    assert min(w[2] for w in first) < 20 * MM

    # Page 2: the running header is three columns (agency | title | code, edition, page), a rule and room under it.
    second = pdf_tools.words(path, 2)
    agency_words = [w for w in second if w[0] in ("SỞ", "NỘI", "VỤ") and w[2] < 40 * MM]
    title_words = [w for w in second if w[0] in issue.title.split() and w[2] < 40 * MM]
    code_line = line_of(second, "QT-01")
    assert len(agency_words) == 3 and title_words and code_line
    assert max(w[3] for w in agency_words) + 4 * MM < min(w[1] for w in title_words)
    assert max(w[3] for w in title_words) + 4 * MM < min(w[1] for w in code_line if w[0] == "Mã")
    page_line = line_of(second, f"2/{pdf_tools.page_count(path)}")
    edition_line = line_of(second, "1/0")
    assert code_line[0][2] < edition_line[0][2] < page_line[0][2], "code, edition and page on their own lines"
    header_bottom = max(w[4] for w in page_line)
    (step_heading,) = [w for w in second if w[0] == "Bước"]
    assert step_heading[2] - header_bottom > 4 * MM, "the first heading sits clear of the header"

    # The forms list: the download link means nothing on paper, and leaves no "·" behind.
    text = pdf_tools.flat(" ".join(pdf_tools.pages(path)))
    assert "BM-99 Đơn đăng ký dự tuyển" in text
    assert "·" not in text.split("7. Biểu mẫu", 1)[1].split("BẢN KHÔNG KIỂM SOÁT", 1)[0]
    assert "Tải về" not in text

    # The QR code and the printed address: the configured public address, never the request's host.
    (verify,) = pdf_tools.qr_codes(path, tmp_path)
    assert verify.startswith(PUBLIC + "/verify/")
    assert verify in pdf_tools.flat(pdf_tools.page_text(path, 1))
    assert "10.0.0.7" not in text


OLD_FORMS = (
    '<section class="doc-section doc-forms"><h2>7. Biểu mẫu</h2><ul class="form-list">'
    '<li><span class="form-code">BM-01</span> Đơn đăng ký · '
    '<a href="/documents/4/bm-01.docx" download>Tải về (DOCX)</a></li>'
    '<li><span class="form-code">BM-02</span> Sổ theo dõi</li></ul></section>'
)


def test_a_body_frozen_before_the_wrapper_prints_without_the_separator():
    printed = printing.printable_body(OLD_FORMS)
    assert "·" not in printed and "<a" not in printed and "Tải về" not in printed
    assert "Đơn đăng ký</li>" in printed and "Sổ theo dõi</li>" in printed
    new = OLD_FORMS.replace(" · <a", '<span class="form-download"> · <a').replace("</a></li>", "</a></span></li>")
    assert printing.printable_body(new) == printed
    plain = "<p>Không có biểu mẫu · chỉ có văn bản</p>"
    assert printing.printable_body(plain) == plain
