"""Matrix rows of the read API (api/, docs/api.md) as signed-in people reach it (the session): clients'
tokens are walked by tests/api/test_permissions.py. Anonymous callers get 401 (no session, no token), which
the matrix counts as "sign in first". The ISO secretary manages the agency's API clients in the admin;
nobody deletes one (no delete screen)."""

from api.models import ApiClient
from procedures.models import Acknowledgement
from tests.qms.matrix import SIGNED_IN, Post, Row, admin, became, created, every, no_data, pk_of, portal, post_only, the

# Who reads the document register, and audit records (the heads: of their departments), besides everyone's lists.
REGISTER = ("head", "other_head", "secretary", "approver", "auditor", "superuser")
AUDITS = ("head", "other_head", "secretary", "approver", "auditor", "superuser")
MANAGERS = ("secretary", "superuser")
PREFIX = "admin/api_clients"


def document(o):
    return {"pk": o.document.pk}


def client_form(o):
    return {
        "name": "Cổng dịch vụ công (mới)",
        "scope_documents": "on",
        "expires_at": "2099-01-01 00:00",
        "rate_limit_per_minute": "60",
        # Only the superuser chooses; the secretary's agency is fixed.
        "agency": o.agency.pk,
    }


pk = pk_of("api_client")

ROWS = {
    "api/schema/": Row(get=portal(*SIGNED_IN)),
    "api/docs/": Row(get=portal(*SIGNED_IN)),
    "api/v1/documents/": Row(get=portal(*SIGNED_IN)),
    "api/v1/documents/<id:pk>/": Row(get=portal(*SIGNED_IN), params=document),
    "api/v1/documents/<id:pk>/editions/": Row(get=portal(*SIGNED_IN), params=document),
    # Staff were given the document to read and opened it; nobody else has it on their reading list.
    "api/v1/documents/<id:pk>/acknowledge/": Row(
        get=post_only(),
        post=Post(portal("staff"), no_data, created(lambda o, user: Acknowledgement.objects.filter(issue=o.issue))),
        params=document,
    ),
    "api/v1/register/": Row(get=portal(*REGISTER)),
    "api/v1/external-documents/": Row(get=portal(*SIGNED_IN)),
    "api/v1/audits/": Row(get=portal(*AUDITS)),
    "api/v1/findings/": Row(get=portal(*AUDITS)),
    "api/v1/corrective-actions/": Row(get=portal(*AUDITS)),
    f"{PREFIX}/": Row(get=admin(*MANAGERS)),
    f"{PREFIX}/results/": Row(get=admin(*MANAGERS)),
    f"{PREFIX}/new/": Row(get=admin(*MANAGERS), post=Post(admin(*MANAGERS), client_form, created(every(ApiClient)))),
    f"{PREFIX}/edit/<int:pk>/": Row(
        get=admin(*MANAGERS),
        post=Post(
            admin(*MANAGERS), client_form, became(the(ApiClient, "api_client"), "name", "Cổng dịch vụ công (mới)")
        ),
        params=pk,
    ),
    f"{PREFIX}/history/<int:pk>/": Row(get=admin(*MANAGERS), params=pk),
    f"{PREFIX}/history-results/<int:pk>/": Row(get=admin(*MANAGERS), params=pk),
    f"{PREFIX}/usage/<int:pk>/": Row(get=admin(*MANAGERS), params=pk),
    f"{PREFIX}/inspect/<int:pk>/": Row(get=admin(*MANAGERS), params=pk),
}
