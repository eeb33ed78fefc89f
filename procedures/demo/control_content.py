"""What the document-control demo is made of: the laws, decrees and standards the
procedures cite (with what later replaced or amended them), and the records list."""

import datetime

from procedures.models import ExternalDocumentStatus

D = datetime.date
QH, CP, TTG = "Quốc hội", "Chính phủ", "Thủ tướng Chính phủ"

# number, kind, title, issuing body, issue date, effective date
EXTERNAL_DOCUMENTS = [
    ("77/2015/QH13", "Luật", "Luật Tổ chức chính quyền địa phương", QH, D(2015, 6, 19), D(2016, 1, 1)),
    (
        "61/2018/NĐ-CP",
        "Nghị định",
        "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        CP,
        D(2018, 4, 23),
        D(2018, 6, 21),
    ),
    (
        "107/2021/NĐ-CP",
        "Nghị định",
        "Sửa đổi, bổ sung một số điều của Nghị định 61/2018/NĐ-CP",
        CP,
        D(2021, 12, 6),
        D(2022, 2, 20),
    ),
    (
        "01/2018/TT-VPCP",
        "Thông tư",
        "Hướng dẫn thi hành một số quy định của Nghị định 61/2018/NĐ-CP",
        "Văn phòng Chính phủ",
        D(2018, 11, 23),
        D(2019, 1, 8),
    ),
    (
        "19/2014/QĐ-TTg",
        "Quyết định",
        "Về việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008 vào hoạt động của các cơ quan, "
        "tổ chức thuộc hệ thống hành chính nhà nước",
        TTG,
        D(2014, 3, 5),
        D(2014, 5, 18),
    ),
    (
        "101/2018/QĐ-TTg",
        "Quyết định",
        "Quy định về áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 vào hoạt động của các cơ quan, "
        "tổ chức thuộc hệ thống hành chính nhà nước",
        TTG,
        D(2018, 12, 21),
        D(2019, 2, 15),
    ),
    (
        "26/2014/TT-BKHCN",
        "Thông tư",
        "Quy định chi tiết thi hành Quyết định 19/2014/QĐ-TTg",
        "Bộ Khoa học và Công nghệ",
        D(2014, 10, 10),
        D(2014, 12, 1),
    ),
    ("30/2020/NĐ-CP", "Nghị định", "Về công tác văn thư", CP, D(2020, 3, 5), D(2020, 3, 5)),
    ("45/2010/NĐ-CP", "Nghị định", "Quy định về tổ chức, hoạt động và quản lý hội", CP, D(2010, 4, 21), D(2010, 7, 1)),
    (
        "33/2012/NĐ-CP",
        "Nghị định",
        "Sửa đổi, bổ sung một số điều của Nghị định 45/2010/NĐ-CP",
        CP,
        D(2012, 4, 13),
        D(2012, 6, 1),
    ),
    (
        "126/2024/NĐ-CP",
        "Nghị định",
        "Quy định về tổ chức, hoạt động và quản lý hội",
        CP,
        D(2024, 10, 8),
        D(2024, 11, 26),
    ),
    (
        "93/2019/NĐ-CP",
        "Nghị định",
        "Về tổ chức, hoạt động của quỹ xã hội, quỹ từ thiện",
        CP,
        D(2019, 11, 25),
        D(2020, 1, 15),
    ),
    (
        "138/2020/NĐ-CP",
        "Nghị định",
        "Quy định về tuyển dụng, sử dụng và quản lý công chức",
        CP,
        D(2020, 11, 27),
        D(2020, 11, 27),
    ),
    (
        "115/2020/NĐ-CP",
        "Nghị định",
        "Quy định về tuyển dụng, sử dụng và quản lý viên chức",
        CP,
        D(2020, 9, 25),
        D(2020, 9, 25),
    ),
    (
        "85/2023/NĐ-CP",
        "Nghị định",
        "Sửa đổi, bổ sung một số điều của Nghị định 115/2020/NĐ-CP",
        CP,
        D(2023, 12, 7),
        D(2023, 12, 7),
    ),
    ("06/2022/QH15", "Luật", "Luật Thi đua, khen thưởng", QH, D(2022, 6, 15), D(2024, 1, 1)),
    (
        "98/2023/NĐ-CP",
        "Nghị định",
        "Quy định chi tiết thi hành Luật Thi đua, khen thưởng",
        CP,
        D(2023, 12, 31),
        D(2024, 1, 1),
    ),
    ("02/2016/QH14", "Luật", "Luật Tín ngưỡng, tôn giáo", QH, D(2016, 11, 18), D(2018, 1, 1)),
    ("95/2023/NĐ-CP", "Nghị định", "Quy định chi tiết Luật Tín ngưỡng, tôn giáo", CP, D(2023, 12, 29), D(2024, 3, 30)),
    ("01/2011/QH13", "Luật", "Luật Lưu trữ", QH, D(2011, 11, 11), D(2012, 7, 1)),
    ("33/2024/QH15", "Luật", "Luật Lưu trữ", QH, D(2024, 6, 21), D(2025, 7, 1)),
    (
        "TCVN ISO 9001:2008",
        "Tiêu chuẩn quốc gia",
        "Hệ thống quản lý chất lượng – Các yêu cầu",
        "Bộ Khoa học và Công nghệ",
        D(2008, 12, 31),
        None,
    ),
    (
        "TCVN ISO 9001:2015",
        "Tiêu chuẩn quốc gia",
        "Hệ thống quản lý chất lượng – Các yêu cầu",
        "Bộ Khoa học và Công nghệ",
        D(2015, 12, 31),
        None,
    ),
]

# number: (status, replaced by, amended by)
LATER_STATUS = {
    "61/2018/NĐ-CP": (ExternalDocumentStatus.AMENDED, None, "107/2021/NĐ-CP"),
    "45/2010/NĐ-CP": (ExternalDocumentStatus.REPLACED, "126/2024/NĐ-CP", "33/2012/NĐ-CP"),
    "33/2012/NĐ-CP": (ExternalDocumentStatus.REPLACED, "126/2024/NĐ-CP", ""),
    "115/2020/NĐ-CP": (ExternalDocumentStatus.AMENDED, None, "85/2023/NĐ-CP"),
    "19/2014/QĐ-TTg": (ExternalDocumentStatus.REPLACED, "101/2018/QĐ-TTg", ""),
    "01/2011/QH13": (ExternalDocumentStatus.REPLACED, "33/2024/QH15", ""),
    "TCVN ISO 9001:2008": (ExternalDocumentStatus.REPLACED, "TCVN ISO 9001:2015", ""),
}

# Besides what the procedures' legal-basis sections name: the quality manual
# still cites the decision of the 2008 era, so it is flagged for review.
EXTRA_CITATIONS = {
    "STCL": ["19/2014/QĐ-TTg", "101/2018/QĐ-TTg", "TCVN ISO 9001:2015"],
    "QT-01": ["101/2018/QĐ-TTg", "TCVN ISO 9001:2015", "30/2020/NĐ-CP"],
    "QT-02": ["30/2020/NĐ-CP", "01/2011/QH13"],
}

# code, name, form, keeper department, place, years (None: permanent), disposal
RECORD_TYPES = [
    ("HS-01", "Danh mục tài liệu nội bộ", "BM-01-01", "van-phong", "Văn phòng Sở – máy chủ ISO", None, ""),
    ("HS-02", "Phiếu yêu cầu sửa đổi tài liệu", "BM-01-02", "van-phong", "Văn phòng Sở", 5, "Hủy theo quy định"),
    ("HS-03", "Danh mục hồ sơ", "BM-02-01", "van-phong", "Văn phòng Sở", 5, "Hủy theo quy định"),
    ("HS-04", "Kế hoạch và báo cáo đánh giá nội bộ", "BM-03-02", "thanh-tra", "Thanh tra Sở", 5, "Hủy theo quy định"),
    ("HS-05", "Phiếu yêu cầu hành động khắc phục", "BM-05-01", "thanh-tra", "Thanh tra Sở", 5, "Hủy theo quy định"),
    (
        "HS-06",
        "Biên bản họp xem xét của lãnh đạo",
        "BM-06-01",
        "van-phong",
        "Văn phòng Sở",
        10,
        "Hội đồng xác định giá trị tài liệu",
    ),
    ("HS-07", "Sổ theo dõi hồ sơ một cửa", "BM-07-02", "van-phong", "Bộ phận một cửa", 5, "Hủy theo quy định"),
    ("HS-08", "Hồ sơ tuyển dụng công chức", "BM-11-01", "ccvc", "Kho lưu trữ Sở", None, ""),
    ("HS-09", "Hồ sơ thành lập hội, phê duyệt điều lệ hội", "BM-08-01", "tccb", "Kho lưu trữ Sở", None, ""),
    (
        "HS-10",
        "Hồ sơ đề nghị khen thưởng",
        "",
        "tdkt",
        "Ban Thi đua – Khen thưởng",
        20,
        "Hội đồng xác định giá trị tài liệu",
    ),
    ("HS-11", "Sổ đăng ký độc giả phòng đọc", "", "vtlt", "Chi cục Văn thư – Lưu trữ", 10, "Hủy theo quy định"),
]
