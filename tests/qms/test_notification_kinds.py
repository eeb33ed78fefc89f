"""Each app declares its notification kinds to the core; the core refuses a kind nobody declared."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from qms.models import Notification
from qms.models.notifications import KINDS
from qms.notifications import notify, register_kind


def test_each_app_declares_its_kinds_with_their_text_and_link(staff_user):
    assert {"integrity_head", "task_assigned", "review_overdue", "action_overdue"} <= set(KINDS)
    params = {"action": 7, "number": "HĐKP-2026-07", "due": "10/01/2026", "nonconformity": "Thiếu biên bản"}
    (notice,) = notify([staff_user], "action_overdue", params, email=False)
    assert notice.url == reverse("audits:action_detail", args=[7])
    with translation.override("vi"):
        assert notice.text == "Hành động khắc phục HĐKP-2026-07 (hạn 10/01/2026) đã quá hạn: Thiếu biên bản"


def test_an_undeclared_kind_or_a_clashing_declaration_is_refused(staff_user):
    with pytest.raises(ImproperlyConfigured):
        notify([staff_user], "no_such_kind", {})
    assert not Notification.objects.exists()
    declared = KINDS["task_assigned"]
    with pytest.raises(ImproperlyConfigured):
        register_kind("task_assigned", label="Something else", text="Something else")
    register_kind("task_assigned", label=declared.label, text=declared.text)  # the same again: harmless
    assert KINDS["task_assigned"] == declared
