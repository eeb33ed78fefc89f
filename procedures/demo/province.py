"""Demo: the libraries of the province's other agencies, and the adoption of the province's shared procedure.

UBND tỉnh (sharing its documents) issues its internal procedure for
administrative procedures; the Sở Nội vụ and UBND thành phố Vĩnh Long adopt it,
and the city distributes it to its departments. The city and Phường 1 issue
a few documents of their own. Every document goes through the real review and
approval workflow (documents.take_through_workflow), dated in the past.

Runs after the rest of the documents demo (qms.registry LATE, registered after
control), on the agencies and people of qms.demo.province; idempotent: a
document is made only when its code is not in its library yet, an adoption
only when none is active.
"""

import datetime

from django.utils import timezone

from procedures.control.acknowledging import assign_readers
from procedures.documents.library import library_of
from procedures.models import Adoption, ControlledDocumentPage, Distribution, DocumentType, SectionPage
from qms.agency_context import first_agency
from qms.models import Agency, Department, User

from . import bodies
from .documents import take_through_workflow
from .timeline import moment, wagtail_rows_dated

PROVINCE = "ubnd-tinh"
DISTRICT = "ubnd-tp-vinh-long"
COMMUNE = "ubnd-phuong-1"

SHARED_CODE = "QT-01"

# agency code -> (section slug, section title, department code, preparer, reviewer, approver)
LIBRARIES = {
    PROVINCE: ("he-thong-tinh", "Quy trình nội bộ cấp tỉnh", "van-phong", "chanhvp_tinh", "thuky_tinh", "lanhdao_tinh"),
    DISTRICT: ("he-thong-tp", "Tài liệu hệ thống", "van-phong", "truongphong_tp", "thuky_tp", "lanhdao_tp"),
    # The city's ISO secretary reviews the ward's documents (a role granted in the ward).
    COMMUNE: ("he-thong-p1", "Tài liệu hệ thống", "mot-cua", "thuky_p1", "thuky_tp", "lanhdao_p1"),
}

ONE_STOP = "Bộ phận Tiếp nhận và Trả kết quả"

# agency code, code, title, scope, steps [(action, responsible, days, result)], days before today it took effect
DOCUMENTS = [
    (
        PROVINCE,
        SHARED_CODE,
        "Quy trình nội bộ giải quyết thủ tục hành chính cấp tỉnh",
        "Áp dụng thống nhất tại các sở, ban, ngành tỉnh, UBND cấp huyện và UBND cấp xã trên địa bàn tỉnh Vĩnh Long.",
        [
            (
                "Tiếp nhận, kiểm tra hồ sơ, cập nhật vào Hệ thống thông tin giải quyết TTHC",
                ONE_STOP,
                "0.5",
                "Phiếu hẹn",
            ),
            ("Chuyển hồ sơ điện tử đến cơ quan, đơn vị giải quyết", ONE_STOP, "0.5", "Phiếu kiểm soát"),
            ("Thẩm định, xử lý hồ sơ", "Cơ quan, đơn vị chuyên môn", "", "Tờ trình, dự thảo kết quả"),
            ("Xem xét, ký kết quả giải quyết", "Lãnh đạo có thẩm quyền", "", "Kết quả giải quyết"),
            ("Trả kết quả, đánh giá mức độ hài lòng", ONE_STOP, "0.5", "Sổ theo dõi"),
        ],
        200,
    ),
    (
        DISTRICT,
        "QT-01",
        "Quy trình kiểm soát tài liệu",
        "Áp dụng đối với các phòng chuyên môn thuộc UBND thành phố Vĩnh Long.",
        [
            ("Đề xuất soạn thảo, sửa đổi tài liệu", "Phòng chuyên môn", "2", "Phiếu đề nghị"),
            ("Soạn thảo, xem xét dự thảo", "Thư ký ISO", "5", "Dự thảo"),
            ("Phê duyệt, ban hành", "Lãnh đạo UBND thành phố", "2", "Tài liệu ban hành"),
            ("Phân phối, cập nhật danh mục tài liệu", "Thư ký ISO", "1", "Danh mục tài liệu"),
        ],
        300,
    ),
    (
        DISTRICT,
        "QT-02",
        "Quy trình đánh giá nội bộ",
        "Áp dụng cho hoạt động đánh giá nội bộ hệ thống quản lý chất lượng của UBND thành phố Vĩnh Long.",
        [
            ("Lập chương trình đánh giá năm", "Thư ký ISO", "5", "Chương trình đánh giá"),
            ("Thực hiện đánh giá", "Đoàn đánh giá", "3", "Báo cáo đánh giá"),
            ("Khắc phục và xác nhận hiệu lực", "Phòng được đánh giá", "30", "Phiếu hành động khắc phục"),
        ],
        250,
    ),
    (
        DISTRICT,
        "QT-10",
        "Quy trình chứng thực bản sao từ bản chính",
        "Áp dụng tại Phòng Tư pháp và Bộ phận một cửa của UBND thành phố Vĩnh Long.",
        [
            ("Tiếp nhận yêu cầu, kiểm tra bản chính", "Bộ phận một cửa", "0.5", "Phiếu hẹn"),
            ("Chứng thực, ký, đóng dấu", "Phòng Tư pháp", "0.5", "Bản sao chứng thực"),
            ("Trả kết quả, thu lệ phí", "Bộ phận một cửa", "", "Sổ chứng thực"),
        ],
        120,
    ),
    (
        COMMUNE,
        "QT-01",
        "Quy trình kiểm soát tài liệu",
        "Áp dụng đối với các bộ phận thuộc UBND phường 1.",
        [
            ("Soạn thảo, xem xét dự thảo", "Thư ký ISO", "5", "Dự thảo"),
            ("Phê duyệt, ban hành", "Chủ tịch UBND phường", "2", "Tài liệu ban hành"),
            ("Phân phối tài liệu", "Thư ký ISO", "1", "Danh mục tài liệu"),
        ],
        180,
    ),
    (
        COMMUNE,
        "QT-05",
        "Quy trình đăng ký khai sinh",
        "Áp dụng tại Bộ phận Tiếp nhận và Trả kết quả của UBND phường 1.",
        [
            ("Tiếp nhận, kiểm tra hồ sơ", ONE_STOP, "", "Phiếu hẹn"),
            ("Ghi sổ hộ tịch, trình ký", "Công chức Tư pháp – Hộ tịch", "", "Giấy khai sinh"),
            ("Trả kết quả", ONE_STOP, "", "Sổ đăng ký khai sinh"),
        ],
        90,
    ),
]

# Who adopts the shared procedure: (agency code or None for the first agency, secretary, decision, days ago)
ADOPTIONS = [
    (None, "thuky", "125/QĐ-SNV", 180),
    (DISTRICT, "thuky_tp", "318/QĐ-UBND", 170),
]

# The city distributes the adopted procedure to these departments.
DISTRICT_DISTRIBUTION = ["van-phong", "noi-vu", "tu-phap"]


def build(stdout):
    today = timezone.localdate()
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__in=[PROVINCE, DISTRICT, COMMUNE])}
    if len(agencies) < 3:
        stdout.write("  province documents: skipped (the province's agencies are not in the demo)")
        return
    made = 0
    for agency_code, code, title, scope, steps, days_ago in DOCUMENTS:
        agency = agencies[agency_code]
        library = ensure_library(agency)
        if ControlledDocumentPage.objects.filter(library=library, code=code).exists():
            continue
        make_document(agency, library, code, title, scope, steps, today - datetime.timedelta(days=days_ago))
        made += 1
    shared = ControlledDocumentPage.objects.get(library__agency=agencies[PROVINCE], code=SHARED_CODE)
    adopted = ensure_adoptions(shared, agencies, today)
    ensure_district_distribution(shared, agencies[DISTRICT])
    stdout.write(f"  province documents: {made} new, the shared procedure adopted by {adopted} agencies")


def ensure_library(agency):
    library = library_of(agency)
    if not library.live:
        library.save_revision().publish()
    return library


def ensure_section(agency, library):
    slug, title, dept_code, *_people = LIBRARIES[agency.code]
    section = SectionPage.objects.child_of(library).filter(slug=slug).first()
    if section is None:
        section = library.add_child(
            instance=SectionPage(
                title=title, slug=slug, department=Department.objects.get(agency=agency, code=dept_code)
            )
        )
        section.save_revision().publish()
    return section


def make_document(agency, library, code, title, scope, steps, effective):
    section = ensure_section(agency, library)
    _slug, _title, dept_code, preparer, reviewer, approver = LIBRARIES[agency.code]
    people = {user.username: user for user in User.objects.filter(username__in=[preparer, reviewer, approver])}
    body = [
        *bodies.common_head(title, scope),
        bodies.steps_table(steps),
        bodies.records_kept([(f"Hồ sơ {title[10:].lower()}", "", "Thư ký ISO", "03 năm")]),
    ]
    with wagtail_rows_dated(moment(effective - datetime.timedelta(days=15))):
        page = ControlledDocumentPage(
            title=title,
            code=code,
            document_type=DocumentType.objects.get(agency=agency, prefix="QT"),
            owner_department=Department.objects.get(agency=agency, code=dept_code),
            body=body,
        )
        section.add_child(instance=page)
    take_through_workflow(
        page, effective, "new_edition", "", people[preparer], people[reviewer], people[approver], None, today=effective
    )
    return page


def ensure_adoptions(shared, agencies, today):
    for agency_code, username, decision, days_ago in ADOPTIONS:
        agency = agencies[agency_code] if agency_code else first_agency()
        if Adoption.objects.active().filter(agency=agency, document=shared).exists():
            continue
        Adoption.objects.create(
            agency=agency,
            document=shared,
            decision_reference=decision,
            adopted_by=User.objects.get(username=username),
            adopted_at=moment(today - datetime.timedelta(days=days_ago), 14),
        )
    return Adoption.objects.active().filter(document=shared).count()


def ensure_district_distribution(shared, district):
    for dept_code in DISTRICT_DISTRIBUTION:
        department = Department.objects.get(agency=district, code=dept_code)
        if not Distribution.objects.filter(document=shared, department=department).exists():
            Distribution.objects.create(document=shared, department=department)
    issue = shared.current_issue
    if issue is not None:
        assign_readers(issue, notify_readers=False)
