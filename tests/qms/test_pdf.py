import subprocess

from qms import pdf


def pdffonts(path):
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607


def test_rendered_pdf_embeds_only_the_shipped_serif_and_keeps_vietnamese(tmp_path, settings):
    data = pdf.render_pdf("pdf/base.html", {})
    assert data.startswith(b"%PDF-")
    html = "<html lang='vi'><head><style>" + pdf.font_face_css() + " body{font-family:'QMS Serif'}</style></head>"
    html += "<body><p>Đăng ký kết hôn – Quy trình tiếp nhận hồ sơ</p></body></html>"
    out = tmp_path / "t.pdf"
    out.write_bytes(pdf.html_to_pdf(html))
    rows = pdffonts(out).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_rest = row.split()
        # Every font is the shipped serif (declared as "QMS Serif"), embedded and subset.
        assert name.endswith("+QMS-Serif"), row
        assert " yes yes yes " in row, row
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    assert "Đăng ký kết hôn – Quy trình tiếp nhận hồ sơ" in text
