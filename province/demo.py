"""The province's part of the demo: the declarations of conformity the agencies have published."""

import datetime

from province.models import Declaration
from qms.models import Agency, User

# agency code, decision number, decision date, scope, recorded by
DECLARATIONS = [
    (
        "so-noi-vu",
        "125/QĐ-SNV",
        datetime.date(2025, 3, 20),
        "Toàn bộ hoạt động quản lý nhà nước và giải quyết thủ tục hành chính của Sở Nội vụ.",
        "thuky",
    ),
    (
        "ubnd-tp-vinh-long",
        "2150/QĐ-UBND",
        datetime.date(2026, 4, 8),
        "Giải quyết thủ tục hành chính tại Bộ phận một cửa của UBND thành phố Vĩnh Long.",
        "thuky_tp",
    ),
]


def build(stdout):
    made = 0
    for code, number, date, scope, username in DECLARATIONS:
        agency = Agency.objects.filter(code=code).first()
        secretary = User.objects.filter(username=username).first()
        if agency is None or secretary is None or Declaration.objects.filter(agency=agency).exists():
            continue
        Declaration.objects.create(
            agency=agency,
            decision_number=number,
            decision_date=date,
            scope=scope,
            iso_edition=agency.iso_edition,
            notice_url=f"https://{code}.vinhlong.example.gov.vn/cong-bo-htqlcl",
            recorded_by=secretary,
        )
        made += 1
    stdout.write(f"  province: {Declaration.objects.count()} declarations of conformity ({made} new)")
