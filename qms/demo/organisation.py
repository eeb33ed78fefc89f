from django.contrib.auth.models import Group

from qms import roles
from qms.agency_context import first_agency
from qms.demo import DEMO_PASSWORD
from qms.models import Department, User

DEPARTMENTS = [
    # code, name
    ("lanh-dao", "Ban Giám đốc"),
    ("van-phong", "Văn phòng Sở"),
    ("thanh-tra", "Thanh tra Sở"),
    ("ccvc", "Phòng Công chức, viên chức"),
    ("tccb", "Phòng Tổ chức, biên chế và tổ chức phi chính phủ"),
    ("xdcq", "Phòng Xây dựng chính quyền và công tác thanh niên"),
    ("tdkt", "Ban Thi đua – Khen thưởng"),
    ("tgcp", "Ban Tôn giáo"),
    ("vtlt", "Chi cục Văn thư – Lưu trữ"),
]

# username, full name, job title, department code, role, also head of
USERS = [
    ("thuky", "Nguyễn Thị Thu Hà", "Chuyên viên, Thư ký ISO", "van-phong", roles.ISO_SECRETARY, None),
    ("truongphong", "Trần Văn Minh", "Trưởng phòng Công chức, viên chức", "ccvc", roles.DEPARTMENT_HEAD, "ccvc"),
    ("lanhdao", "Lê Hoàng Nam", "Phó Giám đốc Sở", "lanh-dao", roles.APPROVER, "lanh-dao"),
    (
        "danhgia",
        "Phạm Thị Mai",
        "Chánh Thanh tra Sở, Chuyên gia đánh giá nội bộ",
        "thanh-tra",
        roles.INTERNAL_AUDITOR,
        "thanh-tra",
    ),
    ("nhanvien", "Võ Thị Ngọc Lan", "Chuyên viên Bộ phận một cửa", "ccvc", roles.STAFF, None),
]


def build(stdout):
    agency = first_agency()
    agency.agency_name = "SỞ NỘI VỤ"
    agency.superior_body = "UBND TỈNH VĨNH LONG"
    agency.address = "Số 88, đường 2 tháng 9, phường 1, thành phố Vĩnh Long, tỉnh Vĩnh Long"
    agency.save()

    departments = {}
    for code, name in DEPARTMENTS:
        departments[code], _ = Department.objects.update_or_create(agency=agency, code=code, defaults={"name": name})

    for username, full_name, title, dept_code, role, heads in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.job_title = title
        user.agency = agency
        user.department = departments[dept_code]
        user.email = f"{username}@sonoivu.example.vn"
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        if heads:
            # save(), not update(): the change leaves a (chained) history row.
            for department in Department.objects.filter(agency=agency, code=heads).exclude(head=user):
                department.head = user
                department.save(update_fields=["head"])
    stdout.write(f"  organisation: {Department.objects.count()} departments, {len(USERS)} demo users")
