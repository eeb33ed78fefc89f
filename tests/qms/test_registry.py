"""The core runs what the apps plug into it (qms/registry.py), in the order it promises."""

import re

from qms import registry


def test_the_integrity_head_is_published_after_every_other_daily_duty():
    duties = registry.daily_duties()
    assert duties[0] == "qms.worker.requeue_abandoned"
    assert duties[-1] == "qms.integrity.publish_head"
    assert "audits.reminders.remind_overdue_owners" in duties
    assert "procedures.lifecycle.issuing.make_due_issues_current" in duties


def test_the_demo_organisation_comes_first_and_the_copy_holders_after_the_documents():
    builders = registry.demo_builders()
    assert builders[0] == "qms.demo.organisation.build"
    assert builders.index("procedures.demo.controlled_copies.build") > builders.index("procedures.demo.documents.build")
    assert builders.index("procedures.demo.control.build") > builders.index("procedures.demo.documents.build")


def test_the_portal_menu_shows_the_apps_links_in_order(client, staff_user):
    client.force_login(staff_user)
    page = client.get("/").content.decode()
    nav = page[page.index('class="site-header__nav"') : page.index("site-header__notifications")]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav) == [
        ("/", "Thư viện"),
        ("/khac-phuc/", "Hành động khắc phục"),
        ("/kiem-soat/tai-lieu-can-doc/", "Tài liệu cần đọc"),
        ("/kiem-soat/yeu-cau-sua-doi/", "Yêu cầu sửa đổi"),
    ]
