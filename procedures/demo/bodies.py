"""StreamField bodies for the demo documents, in the Vietnamese procedure structure."""

from django.utils.html import escape


def section(kind, heading, *paragraphs):
    return {
        "type": "section",
        "value": {"kind": kind, "heading": heading, "body": "".join(f"<p>{escape(p)}</p>" for p in paragraphs)},
    }


def steps_table(steps, limit=None):
    return {
        "type": "steps_table",
        "value": {
            "heading": "5.3. Trình tự thực hiện",
            "processing_time_days": str(limit) if limit is not None else None,
            "steps": [
                {
                    "step": f"B{i}",
                    "action": action,
                    "responsible": who,
                    "time_days": days or None,
                    "time_note": "" if days else "Theo kế hoạch",
                    "result": result,
                }
                for i, (action, who, days, result) in enumerate(steps, 1)
            ],
        },
    }


def records_kept(rows):
    return {
        "type": "records_kept",
        "value": {
            "heading": "6. Hồ sơ lưu",
            "records": [
                {"record": r, "form_code": c, "keeper": k, "retention": t, "place": "Tại đơn vị"} for r, c, k, t in rows
            ],
        },
    }


def forms_block(forms):
    return {
        "type": "forms",
        "value": {"heading": "7. Biểu mẫu", "forms": [{"code": c, "title": t, "file": None} for c, t in forms]},
    }


def legal_basis(items):
    return {"type": "legal_basis", "value": {"heading": "5.1. Cơ sở pháp lý", "items": items}}


def common_head(title, scope):
    return [
        section(
            "purpose",
            "1. Mục đích",
            f"{title} nhằm quy định thống nhất trình tự, trách nhiệm và thời gian thực hiện, "
            "bảo đảm công khai, minh bạch và đúng thời hạn theo quy định.",
        ),
        section("scope", "2. Phạm vi áp dụng", scope),
        section(
            "references",
            "3. Tài liệu viện dẫn",
            "Tiêu chuẩn quốc gia TCVN ISO 9001:2015.",
            "Các văn bản pháp luật nêu tại mục Cơ sở pháp lý.",
        ),
        section(
            "terms",
            "4. Thuật ngữ, định nghĩa và chữ viết tắt",
            "TTHC: Thủ tục hành chính; UBND: Ủy ban nhân dân; CCVC: Công chức, viên chức; "
            "TCBC và TCPCP: Tổ chức, biên chế và tổ chức phi chính phủ; BM: Biểu mẫu.",
        ),
    ]


def tthc_procedure(title, limit, legal, steps, forms):
    records = [(f"Hồ sơ {title[10:].lower()}", forms[0][0], "Phòng chuyên môn", "05 năm")]
    records.append(("Sổ theo dõi giải quyết hồ sơ", "", "Bộ phận một cửa", "Lâu dài"))
    return [
        *common_head(
            title, "Áp dụng đối với tổ chức, cá nhân có yêu cầu và các đơn vị thuộc Sở Nội vụ tham gia giải quyết."
        ),
        legal_basis(legal),
        section(
            "content",
            "5.2. Thành phần, số lượng hồ sơ",
            "Đơn đề nghị theo mẫu; các giấy tờ chứng minh theo quy định. Số lượng: 01 bộ.",
            f"Thời gian giải quyết: {str(limit).replace('.', ',')} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ. "
            "Nơi tiếp nhận: Bộ phận một cửa của Sở. Phí, lệ phí: không.",
        ),
        steps_table(steps, limit),
        records_kept(records),
        forms_block(forms),
    ]


def system_procedure(title, clause, steps, forms):
    return [
        *common_head(
            title,
            f"Áp dụng cho toàn bộ hệ thống quản lý chất lượng của Sở Nội vụ (điều khoản {clause} TCVN ISO 9001:2008).",
        ),
        steps_table(steps),
        records_kept([(f"Hồ sơ {title[10:].lower()}", forms[0][0], "Thư ký ISO", "03 năm")]),
        forms_block(forms),
    ]


def manual():
    return [
        section(
            "purpose",
            "1. Giới thiệu",
            "Sở Nội vụ tỉnh Vĩnh Long là cơ quan chuyên môn thuộc UBND tỉnh, tham mưu, giúp UBND tỉnh quản lý nhà nước về tổ chức bộ máy, công chức, viên chức, chính quyền địa phương, thi đua – khen thưởng, tôn giáo, văn thư – lưu trữ.",
        ),
        section(
            "scope",
            "2. Phạm vi hệ thống quản lý chất lượng",
            "Áp dụng cho các thủ tục hành chính thuộc thẩm quyền giải quyết của Sở và các quy trình nội bộ có liên quan.",
        ),
        section(
            "content",
            "3. Bối cảnh và các bên quan tâm",
            "Các bên quan tâm gồm tổ chức, cá nhân có yêu cầu giải quyết TTHC, UBND tỉnh, các sở, ngành và UBND cấp huyện.",
        ),
        section(
            "content",
            "4. Sơ đồ tổ chức và trách nhiệm",
            "Giám đốc Sở chịu trách nhiệm cao nhất về hệ thống quản lý chất lượng; Thư ký ISO giúp việc cho Ban chỉ đạo ISO.",
        ),
    ]


def policy():
    return [
        section(
            "content",
            "Chính sách chất lượng",
            "Sở Nội vụ cam kết: Công khai – Minh bạch – Đúng hẹn – Tận tụy phục vụ nhân dân.",
            "Áp dụng, duy trì và cải tiến thường xuyên hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.",
        )
    ]


def objectives(year):
    return [
        section(
            "content",
            f"Mục tiêu chất lượng năm {year}",
            "100% hồ sơ TTHC được giải quyết đúng hoặc trước hạn.",
            "Tối thiểu 95% tổ chức, cá nhân hài lòng với việc giải quyết TTHC.",
            "100% TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình.",
        )
    ]


def instruction(topic):
    return [
        section(
            "purpose",
            "1. Mục đích",
            f"Hướng dẫn cán bộ, công chức sử dụng {topic} trong tiếp nhận và giải quyết hồ sơ.",
        ),
        section(
            "content",
            "2. Nội dung hướng dẫn",
            "Đăng nhập bằng tài khoản được cấp; kiểm tra hồ sơ mới tiếp nhận hằng ngày.",
            "Cập nhật trạng thái xử lý ở từng bước; chuyển hồ sơ đúng người, đúng thời hạn.",
        ),
    ]


def form_file(code, title):
    from qms.pdf import font_face_css, html_to_pdf

    html = (
        f"<html lang='vi'><head><meta charset='utf-8'><title>{escape(code)}</title><style>{font_face_css()}"
        "body{font-family:'QMS Serif';font-size:13pt} h1{font-size:14pt;text-align:center}</style></head>"
        f"<body><p style='text-align:right'>Mẫu {escape(code)}</p><h1>{escape(title.upper())}</h1>"
        "<p>Họ và tên: ........................................................</p>"
        "<p>Địa chỉ: ..........................................................</p>"
        "<p>Nội dung đề nghị: ..................................................</p></body></html>"
    )
    return html_to_pdf(html, variant=None)
