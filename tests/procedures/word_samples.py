"""Vietnamese procedures as agencies draw them in Word, made with python-docx for the import tests.

Unlike the exporter's layout, these use the variants found in agencies' files:
the agency and title cells merged down the header table, the signature table
without a label column ("(Đã ký)" above each name), the amendment table under a
title row merged across, a responsible department merged down two steps, a
table with merged cells, headings typed in capitals and bold.
"""

import io
import zipfile

from docx import Document
from docx.shared import Mm, Pt

# A 1×1 red PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301"
    "0100c9fe92ef0000000049454e44ae426082"
)


def _cell(cell, *lines, bold=False):
    cell.text = ""
    first = True
    for line in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.add_run(line).bold = bold


def _bold(doc, text):
    doc.add_paragraph().add_run(text).bold = True


def procedure_docx(
    code="QT-07",
    title="QUY TRÌNH CẤP GIẤY PHÉP HOẠT ĐỘNG",
    edition="03",
    amendment="01",
    effective="15/03/2024",
    steps=None,
    processing_days="10",
    image=True,
    extra_rows=0,
    legal_basis=False,
    forms=None,
):
    """The bytes of one procedure."""
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)

    header = doc.add_table(rows=5, cols=3)
    header.style = "Table Grid"
    agency = header.cell(0, 0).merge(header.cell(4, 0))
    _cell(agency, "UBND TỈNH VĨNH LONG", "SỞ NỘI VỤ", bold=True)
    name = header.cell(0, 1).merge(header.cell(4, 1))
    _cell(name, title, bold=True)
    _cell(header.cell(0, 2), f"Mã số: {code}")
    _cell(header.cell(1, 2), f"Lần ban hành: {edition}")
    _cell(header.cell(2, 2), f"Lần sửa đổi: {amendment}")
    _cell(header.cell(3, 2), f"Ngày hiệu lực: {effective}")
    _cell(header.cell(4, 2), "Trang: 1/3")

    doc.add_paragraph()
    signatures = doc.add_table(rows=2, cols=3)
    signatures.style = "Table Grid"
    for c, text in enumerate(("NGƯỜI SOẠN THẢO", "NGƯỜI XEM XÉT", "NGƯỜI PHÊ DUYỆT")):
        _cell(signatures.cell(0, c), text, bold=True)
    _cell(signatures.cell(1, 0), "(Đã ký)", "Chuyên viên", "Nguyễn Văn An")
    _cell(signatures.cell(1, 1), "(Đã ký)", "Trưởng phòng", "Trần Thị Bình")
    _cell(signatures.cell(1, 2), "(Đã ký)", "Giám đốc", "Lê Văn Cường")

    doc.add_paragraph()
    history = doc.add_table(rows=4, cols=5)
    history.style = "Table Grid"
    _cell(history.cell(0, 0).merge(history.cell(0, 4)), "THEO DÕI SỬA ĐỔI TÀI LIỆU", bold=True)
    for c, text in enumerate(("TT", "Ngày sửa đổi", "Vị trí sửa đổi", "Nội dung sửa đổi", "Lần ban hành/sửa đổi")):
        _cell(history.cell(1, c), text, bold=True)
    for r, row in enumerate(
        (
            ("1", "02/01/2019", "Toàn bộ", "Ban hành lần đầu", "01/00"),
            ("2", "10/06/2022", "Mục 5", "Rút ngắn thời gian thẩm định", "03/01"),
        ),
        start=2,
    ):
        for c, text in enumerate(row):
            _cell(history.cell(r, c), text)

    _bold(doc, "1. MỤC ĐÍCH")
    paragraph = doc.add_paragraph("Quy định ")
    paragraph.add_run("trình tự").bold = True
    paragraph.add_run(" và ")
    paragraph.add_run("cách thức").italic = True
    paragraph.add_run(" cấp giấy phép hoạt động.")
    _bold(doc, "2. PHẠM VI ÁP DỤNG")
    doc.add_paragraph("Phòng Hành chính – Tư pháp", style="List Bullet")
    doc.add_paragraph("Bộ phận Một cửa", style="List Bullet")
    _bold(doc, "3. TÀI LIỆU VIỆN DẪN")
    doc.add_paragraph("Luật Tổ chức chính quyền địa phương năm 2015.")
    _bold(doc, "4. ĐỊNH NGHĨA/VIẾT TẮT")
    doc.add_paragraph("TTHC: Thủ tục hành chính.")
    _bold(doc, "5. NỘI DUNG QUY TRÌNH")
    doc.add_paragraph("5.1 Thành phần hồ sơ")
    dossier = doc.add_table(rows=3, cols=3)
    dossier.style = "Table Grid"
    for c, text in enumerate(("Thành phần hồ sơ", "Bản chính", "Bản sao")):
        _cell(dossier.cell(0, c), text, bold=True)
    _cell(dossier.cell(1, 0), "Đơn đề nghị")
    _cell(dossier.cell(1, 1).merge(dossier.cell(1, 2)), "01 bản")
    _cell(dossier.cell(2, 0), "Giấy tờ tùy thân")
    _cell(dossier.cell(2, 1), "")
    _cell(dossier.cell(2, 2), "01 bản")
    doc.add_paragraph(f"Thời gian xử lý: {processing_days} ngày làm việc kể từ ngày nhận đủ hồ sơ.")
    if image:
        doc.add_picture(io.BytesIO(PNG), width=Mm(20))
    doc.add_paragraph("5.2 Trình tự thực hiện")
    rows = steps or [
        ("B1", "Tiếp nhận, kiểm tra hồ sơ", "Bộ phận Một cửa", "0,5 ngày", "BM-01"),
        ("B2", "Thẩm định hồ sơ", "Phòng HCTP", "6 ngày", "BM-02"),
        ("B3", "Trình ký", "Phòng HCTP", "1 ngày", "Tờ trình"),
        ("B4", "Phê duyệt", "Lãnh đạo Sở", "2 ngày", "Giấy phép"),
        ("B5", "Trả kết quả", "Bộ phận Một cửa", "Giờ hành chính", "Sổ theo dõi"),
    ]
    rows = list(rows) + [
        (f"B{len(rows) + i + 1}", f"Việc bổ sung số {i + 1}", "Phòng HCTP", "", "") for i in range(extra_rows)
    ]
    table = doc.add_table(rows=len(rows) + 1, cols=5)
    table.style = "Table Grid"
    for c, text in enumerate(("Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả")):
        _cell(table.cell(0, c), text, bold=True)
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            _cell(table.cell(r, c), text)
    if len(rows) >= 3 and rows[1][2] == rows[2][2]:
        # The responsible department drawn once across two steps.
        merged = table.cell(2, 2).merge(table.cell(3, 2))
        _cell(merged, rows[1][2])
    _bold(doc, "6. HỒ SƠ LƯU")
    records = doc.add_table(rows=3, cols=5)
    records.style = "Table Grid"
    for c, text in enumerate(("TT", "Tên hồ sơ", "Trách nhiệm lưu", "Thời gian lưu", "Nơi lưu")):
        _cell(records.cell(0, c), text, bold=True)
    for r, row in enumerate(
        (("1", "Đơn đề nghị", "Phòng HCTP", "05 năm", "Tủ hồ sơ"), ("2", "Giấy phép", "Văn thư", "Lâu dài", "Kho")),
        start=1,
    ):
        for c, text in enumerate(row):
            _cell(records.cell(r, c), text)
    if legal_basis:
        _bold(doc, "7. CĂN CỨ PHÁP LÝ")
        doc.add_paragraph("Luật Cán bộ, công chức năm 2008", style="List Bullet")
        doc.add_paragraph("Nghị định 61/2018/NĐ-CP về thực hiện cơ chế một cửa", style="List Bullet")
    if forms == "list":
        _bold(doc, "8. BIỂU MẪU")
        doc.add_paragraph("BM.01-QT.07: Đơn đề nghị cấp giấy phép", style="List Bullet")
        doc.add_paragraph("Mẫu số 02. Phiếu kiểm tra hồ sơ", style="List Bullet")
    elif forms == "table":
        _bold(doc, "8. DANH MỤC BIỂU MẪU")
        table = doc.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        for c, text in enumerate(("TT", "Tên biểu mẫu", "Mã hiệu")):
            _cell(table.cell(0, c), text, bold=True)
        for r, row in enumerate((("1", "Đơn đề nghị", "BM.01-QT.07"), ("2", "Phiếu kiểm tra", "BM.02-QT.07")), start=1):
            for c, text in enumerate(row):
                _cell(table.cell(r, c), text)
    elif forms == "prose":
        _bold(doc, "8. BIỂU MẪU")
        doc.add_paragraph("Sử dụng các mẫu do Bộ Nội vụ ban hành.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def zip_of(files):
    """A .zip of {name: bytes}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
