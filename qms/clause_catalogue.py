"""ISO 9001 clause catalogue (short titles) and the ISO/TC 176 2008 -> 2015 correlation.

Loaded by qms/migrations; kept as data so a later migration can extend it.
"""

# (clause, Vietnamese title, English title)
CLAUSES_2008 = [
    ("4", "Hệ thống quản lý chất lượng", "Quality management system"),
    ("4.1", "Yêu cầu chung", "General requirements"),
    ("4.2", "Yêu cầu về hệ thống tài liệu", "Documentation requirements"),
    ("4.2.1", "Khái quát", "General"),
    ("4.2.2", "Sổ tay chất lượng", "Quality manual"),
    ("4.2.3", "Kiểm soát tài liệu", "Control of documents"),
    ("4.2.4", "Kiểm soát hồ sơ", "Control of records"),
    ("5", "Trách nhiệm của lãnh đạo", "Management responsibility"),
    ("5.1", "Cam kết của lãnh đạo", "Management commitment"),
    ("5.2", "Hướng vào khách hàng", "Customer focus"),
    ("5.3", "Chính sách chất lượng", "Quality policy"),
    ("5.4", "Hoạch định", "Planning"),
    ("5.4.1", "Mục tiêu chất lượng", "Quality objectives"),
    ("5.4.2", "Hoạch định hệ thống quản lý chất lượng", "Quality management system planning"),
    ("5.5", "Trách nhiệm, quyền hạn và trao đổi thông tin", "Responsibility, authority and communication"),
    ("5.5.1", "Trách nhiệm và quyền hạn", "Responsibility and authority"),
    ("5.5.2", "Đại diện của lãnh đạo", "Management representative"),
    ("5.5.3", "Trao đổi thông tin nội bộ", "Internal communication"),
    ("5.6", "Xem xét của lãnh đạo", "Management review"),
    ("6", "Quản lý nguồn lực", "Resource management"),
    ("6.1", "Cung cấp nguồn lực", "Provision of resources"),
    ("6.2", "Nguồn nhân lực", "Human resources"),
    ("6.2.2", "Năng lực, đào tạo và nhận thức", "Competence, training and awareness"),
    ("6.3", "Cơ sở hạ tầng", "Infrastructure"),
    ("6.4", "Môi trường làm việc", "Work environment"),
    ("7", "Tạo sản phẩm", "Product realization"),
    ("7.1", "Hoạch định việc tạo sản phẩm", "Planning of product realization"),
    ("7.2", "Các quá trình liên quan đến khách hàng", "Customer-related processes"),
    ("7.3", "Thiết kế và phát triển", "Design and development"),
    ("7.4", "Mua hàng", "Purchasing"),
    ("7.5", "Sản xuất và cung cấp dịch vụ", "Production and service provision"),
    ("7.6", "Kiểm soát thiết bị theo dõi và đo lường", "Control of monitoring and measuring equipment"),
    ("8", "Đo lường, phân tích và cải tiến", "Measurement, analysis and improvement"),
    ("8.1", "Khái quát", "General"),
    ("8.2", "Theo dõi và đo lường", "Monitoring and measurement"),
    ("8.2.1", "Sự thỏa mãn của khách hàng", "Customer satisfaction"),
    ("8.2.2", "Đánh giá nội bộ", "Internal audit"),
    ("8.2.3", "Theo dõi và đo lường các quá trình", "Monitoring and measurement of processes"),
    ("8.2.4", "Theo dõi và đo lường sản phẩm", "Monitoring and measurement of product"),
    ("8.3", "Kiểm soát sản phẩm không phù hợp", "Control of nonconforming product"),
    ("8.4", "Phân tích dữ liệu", "Analysis of data"),
    ("8.5", "Cải tiến", "Improvement"),
    ("8.5.1", "Cải tiến thường xuyên", "Continual improvement"),
    ("8.5.2", "Hành động khắc phục", "Corrective action"),
    ("8.5.3", "Hành động phòng ngừa", "Preventive action"),
]

CLAUSES_2015 = [
    ("4", "Bối cảnh của tổ chức", "Context of the organization"),
    ("4.1", "Hiểu tổ chức và bối cảnh của tổ chức", "Understanding the organization and its context"),
    ("4.2", "Nhu cầu và mong đợi của các bên quan tâm", "Needs and expectations of interested parties"),
    ("4.3", "Phạm vi của hệ thống quản lý chất lượng", "Scope of the quality management system"),
    ("4.4", "Hệ thống quản lý chất lượng và các quá trình", "QMS and its processes"),
    ("5", "Sự lãnh đạo", "Leadership"),
    ("5.1", "Sự lãnh đạo và cam kết", "Leadership and commitment"),
    ("5.2", "Chính sách", "Policy"),
    ("5.3", "Vai trò, trách nhiệm và quyền hạn", "Roles, responsibilities and authorities"),
    ("6", "Hoạch định", "Planning"),
    ("6.1", "Hành động giải quyết rủi ro và cơ hội", "Actions to address risks and opportunities"),
    (
        "6.2",
        "Mục tiêu chất lượng và hoạch định để đạt được mục tiêu",
        "Quality objectives and planning to achieve them",
    ),
    ("6.3", "Hoạch định các thay đổi", "Planning of changes"),
    ("7", "Hỗ trợ", "Support"),
    ("7.1", "Nguồn lực", "Resources"),
    ("7.1.5", "Nguồn lực theo dõi và đo lường", "Monitoring and measuring resources"),
    ("7.1.6", "Tri thức của tổ chức", "Organizational knowledge"),
    ("7.2", "Năng lực", "Competence"),
    ("7.3", "Nhận thức", "Awareness"),
    ("7.4", "Trao đổi thông tin", "Communication"),
    ("7.5", "Thông tin dạng văn bản", "Documented information"),
    ("7.5.1", "Khái quát", "General"),
    ("7.5.2", "Tạo lập và cập nhật", "Creating and updating"),
    ("7.5.3", "Kiểm soát thông tin dạng văn bản", "Control of documented information"),
    ("8", "Thực hiện", "Operation"),
    ("8.1", "Hoạch định và kiểm soát việc thực hiện", "Operational planning and control"),
    ("8.2", "Yêu cầu đối với sản phẩm và dịch vụ", "Requirements for products and services"),
    ("8.3", "Thiết kế và phát triển sản phẩm và dịch vụ", "Design and development"),
    (
        "8.4",
        "Kiểm soát quá trình, sản phẩm và dịch vụ do bên ngoài cung cấp",
        "Control of externally provided processes, products and services",
    ),
    ("8.5", "Sản xuất và cung cấp dịch vụ", "Production and service provision"),
    ("8.6", "Thông qua sản phẩm và dịch vụ", "Release of products and services"),
    ("8.7", "Kiểm soát đầu ra không phù hợp", "Control of nonconforming outputs"),
    ("9", "Đánh giá kết quả hoạt động", "Performance evaluation"),
    ("9.1", "Theo dõi, đo lường, phân tích và đánh giá", "Monitoring, measurement, analysis and evaluation"),
    ("9.1.2", "Sự thỏa mãn của khách hàng", "Customer satisfaction"),
    ("9.1.3", "Phân tích và đánh giá", "Analysis and evaluation"),
    ("9.2", "Đánh giá nội bộ", "Internal audit"),
    ("9.3", "Xem xét của lãnh đạo", "Management review"),
    ("10", "Cải tiến", "Improvement"),
    ("10.1", "Khái quát", "General"),
    ("10.2", "Sự không phù hợp và hành động khắc phục", "Nonconformity and corrective action"),
    ("10.3", "Cải tiến liên tục", "Continual improvement"),
]

# (2008 clause, 2015 clause)
CORRESPONDENCE = [
    ("4.1", "4.4"),
    ("4.2.1", "7.5.1"),
    ("4.2.2", "4.3"),
    ("4.2.2", "4.4"),
    ("4.2.2", "7.5.1"),
    ("4.2.3", "7.5.2"),
    ("4.2.3", "7.5.3"),
    ("4.2.4", "7.5.2"),
    ("4.2.4", "7.5.3"),
    ("5.1", "5.1"),
    ("5.2", "5.1"),
    ("5.3", "5.2"),
    ("5.4.1", "6.2"),
    ("5.4.2", "6.1"),
    ("5.4.2", "6.3"),
    ("5.5.1", "5.3"),
    ("5.5.2", "5.3"),
    ("5.5.3", "7.4"),
    ("5.6", "9.3"),
    ("6.1", "7.1"),
    ("6.2.2", "7.2"),
    ("6.2.2", "7.3"),
    ("6.3", "7.1"),
    ("6.4", "7.1"),
    ("7.1", "8.1"),
    ("7.2", "8.2"),
    ("7.3", "8.3"),
    ("7.4", "8.4"),
    ("7.5", "8.5"),
    ("7.5", "8.6"),
    ("7.6", "7.1.5"),
    ("8.1", "9.1"),
    ("8.2.1", "9.1.2"),
    ("8.2.2", "9.2"),
    ("8.2.3", "9.1"),
    ("8.2.4", "8.6"),
    ("8.3", "8.7"),
    ("8.3", "10.2"),
    ("8.4", "9.1.3"),
    ("8.5.1", "10.1"),
    ("8.5.1", "10.3"),
    ("8.5.2", "10.2"),
    ("8.5.3", "6.1"),
]


def load_clauses(apps, schema_editor=None):
    """Load (or complete) the catalogue; used by migration 0003 and after a flush."""
    IsoClause = apps.get_model("qms", "IsoClause")

    def sort_key(number):
        return ".".join(part.zfill(3) for part in number.split("."))

    by_key = {}
    for edition, rows in (("2008", CLAUSES_2008), ("2015", CLAUSES_2015)):
        for number, title_vi, title_en in rows:
            clause, _ = IsoClause.objects.update_or_create(
                edition=edition,
                number=number,
                defaults={"title_vi": title_vi, "title_en": title_en, "sort_key": sort_key(number)},
            )
            by_key[edition, number] = clause
    for old, new in CORRESPONDENCE:
        by_key["2008", old].corresponds_to.add(by_key["2015", new])
        by_key["2015", new].corresponds_to.add(by_key["2008", old])
