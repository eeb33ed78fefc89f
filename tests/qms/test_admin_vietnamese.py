"""The Wagtail admin speaks Vietnamese: locale_wagtail/ fills in what Wagtail's own catalogue leaves in English."""

import gettext
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.procedures.factories import RecordTypeFactory
from tests.qms import wagtail_strings

CATALOGUES = Path(__file__).resolve().parents[2] / "locale_wagtail" / "vi" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{\w*\}")
TAG = re.compile(r"</?\w+")


def page_text(response):
    """The page's HTML plus the sidebar, whose labels come as (ASCII-escaped) JSON for the JavaScript to draw."""
    assert response.status_code == 200
    html = response.content.decode()
    props = re.findall(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    return html + "".join(json.dumps(json.loads(p), ensure_ascii=False) for p in props)


def po_entries(path):
    """(msgid, msgid_plural, [msgstr...], flags) for every entry but the header."""
    return [
        (e["msgid"], e.get("msgid_plural"), [v for k, v in e.items() if k.startswith("msgstr")], e["flags"])
        for e in wagtail_strings.po_entries(path).values()
    ]


@pytest.mark.parametrize("name", ["django", "djangojs"])
def test_catalogue_keeps_every_placeholder_and_tag_and_is_compiled(name):
    po = CATALOGUES / f"{name}.po"
    header = po.read_text(encoding="utf-8").split("\n\n")[0]
    assert "Plural-Forms: nplurals=1; plural=0;" in header
    assert "charset=UTF-8" in header
    assert "upstream" in header
    entries = po_entries(po)
    assert len(entries) > 50
    for msgid, plural, strs, _flags in entries:
        assert all(strs), msgid
        source = plural or msgid
        for msgstr in strs:
            assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(source)), msgid
            assert sorted(TAG.findall(msgstr)) == sorted(TAG.findall(source)), msgid
        if plural:
            assert len(strs) == 1, msgid  # Vietnamese has one plural form
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)  # noqa: S603, S607
    with (CATALOGUES / f"{name}.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, plural, strs, _ in entries:
        got = compiled.ngettext(msgid, plural, 2) if plural else compiled.gettext(msgid)
        assert got == strs[0], f"{name}.mo is out of date for {msgid!r}: run make messages"


def test_catalogue_never_rewords_a_project_string():
    """locale_wagtail comes before the apps' catalogues (audits/locale...): sharing a msgid would reword the app.

    A msgid under a context (msgctxt) is another string: "Pages" of a pagination is not Wagtail's "Pages"."""
    root = CATALOGUES.parents[2]
    ours = set(wagtail_strings.po_entries(CATALOGUES / "django.po"))
    for po in root.glob("**/locale/vi/LC_MESSAGES/django.po"):
        if ".venv" not in po.parts:
            shared = ours & set(wagtail_strings.po_entries(po))
            assert not shared, f"{po} already translates {sorted(shared)}: drop them from locale_wagtail"


def test_dashboard_and_sidebar(client, org):  # noqa: F811
    client.force_login(org["secretary"])
    page = page_text(client.get("/admin/"))
    for vietnamese in ['"label": "Báo cáo"', '"label": "Trợ giúp"', "Tìm trong thư viện tài liệu…"]:
        assert vietnamese in page
    for english in ['"label": "Reports"', '"label": "Help"', "Search all pages…", "Skip to main content"]:
        assert english not in page


def test_page_editor_of_a_controlled_document(client, org, make_document):  # noqa: F811
    document = make_document()
    client.force_login(org["secretary"])
    page = page_text(client.get(f"/admin/pages/{document.pk}/edit/"))
    for vietnamese in ["Lưu bản nháp", "Thu gọn/mở rộng phần", "Chưa đặt lịch ban hành", "Thao tác khác"]:
        assert vietnamese in page
    for english in ["Save draft", "Toggle section", "No publishing schedule set", "More actions", "Set schedule"]:
        assert english not in page


def test_explorer_of_a_section(client, org, section):  # noqa: F811
    client.force_login(org["secretary"])
    page = page_text(client.get(f"/admin/pages/{section.pk}/"))
    assert "Thêm vào thư mục này" in page and "Hiện bộ lọc" in page
    assert "Add child page" not in page and "Show filters" not in page


def test_documents_list(client, org):  # noqa: F811
    client.force_login(org["secretary"])
    page = page_text(client.get("/admin/documents/"))
    assert "Bạn chưa tải lên tài liệu nào" in page and "Lọc theo" in page
    assert "You haven't uploaded any documents" not in page and "Filter by" not in page


def test_javascript_catalogue_for_streamfield_and_draftail(client, org):  # noqa: F811
    client.force_login(org["secretary"])
    script = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalog["Collapse all"] == "Thu gọn tất cả"
    assert catalog["Duplicate"] == "Nhân bản"
    assert catalog["Move up"] == "Lên trên"
    assert catalog["Add"] == "Thêm"  # Wagtail's own translation still applies


def test_records_list_heads_its_retention_column_in_vietnamese(client, org):  # noqa: F811

    RecordTypeFactory(code="HS-01", name="Hồ sơ tuyển dụng", keeper_department=org["ccvc"], retention_years=10)
    client.force_login(org["secretary"])
    page = page_text(client.get("/admin/snippets/procedures/recordtype/"))
    assert "Thời gian lưu" in page and "10 năm" in page
    assert "Retention label" not in page


def test_time_since_reads_in_vietnamese():
    import datetime

    from django.utils import timezone, translation
    from django.utils.timesince import timesince

    with translation.override("vi"):  # "2 days ago" on the dashboard; non-breaking spaces as Django puts them
        assert timesince(timezone.now() - datetime.timedelta(days=2, hours=12)) == "2\xa0ngày, 12\xa0giờ"
