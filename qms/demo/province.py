"""Demo: the rest of the province of Vĩnh Long around the Sở Nội vụ.

- UBND TỈNH VĨNH LONG (province), sharing its documents province-wide;
- UBND THÀNH PHỐ VĨNH LONG (district) and UBND PHƯỜNG 1 (commune under it),
  each with departments and people; the district's ISO secretary also holds
  the ISO secretary role in the commune (RoleGrant) to help it;
- SỞ KHOA HỌC VÀ CÔNG NGHỆ, whose overseer (kiemtra) reads every agency.

Runs after qms.demo.organisation (the first agency); idempotent: agencies by
code, departments by (agency, code), users by username.
"""

from django.contrib.auth.models import Group

from qms import roles
from qms.demo import DEMO_PASSWORD
from qms.models import Agency, AgencyLevel, Department, RoleGrant, User

PROVINCE = "ubnd-tinh"
DISTRICT = "ubnd-tp-vinh-long"
COMMUNE = "ubnd-phuong-1"
SCIENCE = "so-khcn"

# code, name, level, parent code, superior body, address, shares documents, email domain
AGENCIES = [
    (
        PROVINCE,
        "UBND TỈNH VĨNH LONG",
        AgencyLevel.PROVINCE,
        None,
        "",
        "Số 88, đường 25 tháng 3, phường 1, thành phố Vĩnh Long, tỉnh Vĩnh Long",
        True,
        "vinhlong.example.vn",
    ),
    (
        DISTRICT,
        "UBND THÀNH PHỐ VĨNH LONG",
        AgencyLevel.DISTRICT,
        PROVINCE,
        "UBND TỈNH VĨNH LONG",
        "Số 79, đường 30 tháng 4, phường 1, thành phố Vĩnh Long, tỉnh Vĩnh Long",
        False,
        "tpvinhlong.example.vn",
    ),
    (
        COMMUNE,
        "UBND PHƯỜNG 1",
        AgencyLevel.COMMUNE,
        DISTRICT,
        "UBND THÀNH PHỐ VĨNH LONG",
        "Số 12, đường Lê Văn Tám, phường 1, thành phố Vĩnh Long, tỉnh Vĩnh Long",
        False,
        "phuong1.tpvinhlong.example.vn",
    ),
    (
        SCIENCE,
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        AgencyLevel.DEPARTMENT,
        PROVINCE,
        "UBND TỈNH VĨNH LONG",
        "Số 111, đường Phạm Hùng, phường 9, thành phố Vĩnh Long, tỉnh Vĩnh Long",
        False,
        "sokhcn.example.vn",
    ),
]

# agency code -> [(department code, name)]
DEPARTMENTS = {
    PROVINCE: [
        ("lanh-dao", "Lãnh đạo UBND tỉnh"),
        ("van-phong", "Văn phòng UBND tỉnh"),
    ],
    DISTRICT: [
        ("lanh-dao", "Lãnh đạo UBND thành phố"),
        ("van-phong", "Văn phòng HĐND và UBND thành phố"),
        ("noi-vu", "Phòng Nội vụ"),
        ("tu-phap", "Phòng Tư pháp"),
    ],
    COMMUNE: [
        ("lanh-dao", "Lãnh đạo UBND phường"),
        ("mot-cua", "Bộ phận Tiếp nhận và Trả kết quả"),
    ],
    SCIENCE: [
        ("tdc", "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
    ],
}

# username, full name, job title, agency code, department code, role, heads the department
USERS = [
    (
        "thuky_tinh",
        "Huỳnh Thị Thanh Thảo",
        "Chuyên viên Văn phòng UBND tỉnh, Thư ký ISO",
        PROVINCE,
        "van-phong",
        roles.ISO_SECRETARY,
        False,
    ),
    ("chanhvp_tinh", "Nguyễn Văn Lộc", "Chánh Văn phòng UBND tỉnh", PROVINCE, "van-phong", roles.DEPARTMENT_HEAD, True),
    ("lanhdao_tinh", "Trương Quốc Hưng", "Phó Chủ tịch UBND tỉnh", PROVINCE, "lanh-dao", roles.APPROVER, True),
    (
        "thuky_tp",
        "Lê Thị Mỹ Duyên",
        "Chuyên viên Phòng Nội vụ, Thư ký ISO",
        DISTRICT,
        "noi-vu",
        roles.ISO_SECRETARY,
        False,
    ),
    (
        "truongphong_tp",
        "Phạm Văn Tài",
        "Chánh Văn phòng HĐND và UBND thành phố",
        DISTRICT,
        "van-phong",
        roles.DEPARTMENT_HEAD,
        True,
    ),
    ("lanhdao_tp", "Đoàn Minh Trí", "Phó Chủ tịch UBND thành phố", DISTRICT, "lanh-dao", roles.APPROVER, True),
    (
        "danhgia_tp",
        "Nguyễn Hoàng Phúc",
        "Trưởng phòng Tư pháp, Chuyên gia đánh giá nội bộ",
        DISTRICT,
        "tu-phap",
        roles.INTERNAL_AUDITOR,
        True,
    ),
    ("nhanvien_tp", "Cao Thị Kim Ngân", "Chuyên viên Phòng Tư pháp", DISTRICT, "tu-phap", roles.STAFF, False),
    (
        "thuky_p1",
        "Trần Thị Hồng Vân",
        "Công chức Văn phòng – Thống kê, Thư ký ISO",
        COMMUNE,
        "mot-cua",
        roles.ISO_SECRETARY,
        False,
    ),
    ("lanhdao_p1", "Võ Văn Thành", "Chủ tịch UBND phường 1", COMMUNE, "lanh-dao", roles.APPROVER, True),
    ("nhanvien_p1", "Lý Thị Thu Trang", "Công chức Tư pháp – Hộ tịch", COMMUNE, "mot-cua", roles.STAFF, False),
    (
        "kiemtra",
        "Bùi Thanh Phong",
        "Chi cục trưởng Chi cục Tiêu chuẩn Đo lường Chất lượng",
        SCIENCE,
        "tdc",
        roles.OVERSEER,
        True,
    ),
]

# The district's ISO secretary helps the commune: (username, agency code, role).
GRANTS = [("thuky_tp", COMMUNE, roles.ISO_SECRETARY)]


def build(stdout):
    agencies = ensure_agencies()
    departments = ensure_departments(agencies)
    ensure_users(agencies, departments)
    for username, agency_code, role in GRANTS:
        RoleGrant.objects.get_or_create(
            user=User.objects.get(username=username), agency=agencies[agency_code], role=role
        )
    stdout.write(f"  province: {len(agencies)} more agencies, {len(USERS)} demo users, {len(GRANTS)} role grant")


def ensure_agencies():
    agencies = {}
    for code, name, level, parent, superior, address, shares, _domain in AGENCIES:
        agency = Agency.objects.filter(code=code).first()
        fields = {
            "agency_name": name,
            "level": level,
            "parent": agencies.get(parent),
            "superior_body": superior,
            "address": address,
            "shares_documents": shares,
        }
        if agency is None:
            agency = Agency.objects.create(code=code, **fields)  # set_up_agency: collection, groups, library
        elif any(getattr(agency, field) != value for field, value in fields.items()):
            for field, value in fields.items():
                setattr(agency, field, value)
            agency.save()
        agencies[code] = agency
    return agencies


def ensure_departments(agencies):
    departments = {}
    for agency_code, rows in DEPARTMENTS.items():
        for code, name in rows:
            departments[agency_code, code], _ = Department.objects.update_or_create(
                agency=agencies[agency_code], code=code, defaults={"name": name}
            )
    return departments


def ensure_users(agencies, departments):
    domains = {row[0]: row[7] for row in AGENCIES}
    for username, full_name, title, agency_code, dept_code, role, heads in USERS:
        department = departments[agency_code, dept_code]
        user, created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.job_title = title
        user.agency = agencies[agency_code]
        user.department = department
        user.email = f"{username}@{domains[agency_code]}"
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        if heads and department.head_id != user.pk:
            # save(), not update(): the change leaves a (chained) history row.
            department.head = user
            department.save(update_fields=["head"])
