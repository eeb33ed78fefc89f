"""Matrix rows of the province: the overseer's dashboard under /tinh/ (the superuser here: the
matrix has no overseer, whose answers tests/province check), and the declarations of conformity the
ISO secretary keeps in the admin (province/roles.py). Nobody deletes a declaration: no delete screen."""

from province.models import Declaration
from tests.qms.matrix import Post, Row, admin, became, created, every, pk_of, portal, the

READERS = ("secretary", "approver", "superuser")
WRITERS = ("secretary", "superuser")
PREFIX = "admin/province_declarations"


def declaration_form(o):
    return {
        "decision_number": "42/QĐ-SNV",
        "decision_date": "2026-03-15",
        "scope": "Toàn bộ TTHC của Sở (mở rộng)",
        "iso_edition": "2015",
        "notice_url": "https://snv.example.gov.vn/cong-bo",
        # Only the superuser chooses; the secretary's agency is fixed.
        "agency": o.agency.pk,
    }


pk = pk_of("declaration")

ROWS = {
    "tinh/": Row(get=portal("superuser")),
    "tinh/co-quan/<id:pk>/": Row(get=portal("superuser"), params=lambda o: {"pk": o.agency.pk}),
    "tinh/cong-bo/<id:pk>/thong-bao/": Row(get=portal(*READERS), params=pk),
    f"{PREFIX}/": Row(get=admin(*READERS)),
    f"{PREFIX}/results/": Row(get=admin(*READERS)),
    f"{PREFIX}/new/": Row(
        get=admin(*WRITERS), post=Post(admin(*WRITERS), declaration_form, created(every(Declaration)))
    ),
    f"{PREFIX}/edit/<int:pk>/": Row(
        get=admin(*WRITERS),
        post=Post(
            admin(*WRITERS),
            declaration_form,
            became(the(Declaration, "declaration"), "scope", "Toàn bộ TTHC của Sở (mở rộng)"),
        ),
        params=pk,
    ),
    f"{PREFIX}/history/<int:pk>/": Row(get=admin(*READERS), params=pk),
    f"{PREFIX}/history-results/<int:pk>/": Row(get=admin(*READERS), params=pk),
    f"{PREFIX}/usage/<int:pk>/": Row(get=admin(*WRITERS), params=pk),
    f"{PREFIX}/inspect/<int:pk>/": Row(get=admin(*READERS), params=pk),
}
