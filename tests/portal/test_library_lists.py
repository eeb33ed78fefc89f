"""The library page shows the first documents of each section and how many
there are; a section page lists its documents a page at a time."""

from wagtail.models import Page

from procedures.models import IssueStatus
from procedures.portal import reading
from tests.procedures.factories import SectionPageFactory, make_issued_document
from tests.qms.factories import DepartmentFactory


def documents(section, org, department, count, prefix, status=IssueStatus.CURRENT):
    for number in range(1, count + 1):
        make_issued_document(
            section,
            org["approver"],
            title=f"Thủ tục {prefix} số {number}",
            code=f"{prefix}-{number:02d}",
            department=department,
            status=status,
        )


def test_the_library_shows_the_first_documents_of_each_section_and_links_to_the_rest(
    client, org, library, section, monkeypatch
):
    monkeypatch.setattr(reading, "LIBRARY_PREVIEW", 3)
    office = DepartmentFactory(name="Văn phòng Sở (thư viện)", code="vps")
    small = SectionPageFactory(parent=library, title="Văn phòng", slug="van-phong", department=office)
    documents(section, org, org["ccvc"], 5, "QT")
    documents(section, org, org["ccvc"], 2, "QS", status=IssueStatus.SCHEDULED)  # not in effect yet
    documents(small, org, office, 2, "VP")
    client.force_login(org["staff"])

    page = client.get(library.url).content.decode()
    page = page[page.index("library-section") :]  # the sections, after "Recently issued"

    for code in ("QT-01", "QT-02", "QT-03", "VP-01", "VP-02"):
        assert code in page
    for code in ("QT-04", "QT-05", "QS-01"):
        assert code not in page
    assert "Xem tất cả 5 tài liệu của mục này" in page  # the scheduled ones are not counted
    assert f'href="{Page.objects.get(pk=section.pk).url}"' in page
    assert page.count("Xem tất cả") == 1  # the small section is shown whole


def test_a_section_lists_its_documents_a_page_at_a_time(client, org, section, monkeypatch):
    monkeypatch.setattr(reading, "SECTION_PAGE_SIZE", 4)
    documents(section, org, org["ccvc"], 6, "QT")
    client.force_login(org["staff"])

    first = client.get(section.url).content.decode()
    second = client.get(section.url, {"page": 2}).content.decode()

    assert [code for code in ("QT-01", "QT-02", "QT-03", "QT-04", "QT-05", "QT-06") if code in first] == [
        "QT-01",
        "QT-02",
        "QT-03",
        "QT-04",
    ]
    assert "Trang 1/2" in first and 'rel="next" href="?page=2"' in first
    assert "QT-05" in second and "QT-06" in second and "QT-04" not in second
    assert "Trang 2/2" in second and 'rel="prev"' in second
    for bad in ("abc", "99", "-1"):
        response = client.get(section.url, {"page": bad})
        assert response.status_code == 200  # a page number typed wrong shows a page, never an error


def test_recently_issued_leaves_out_a_document_taken_offline(client, org, section):
    documents(section, org, org["ccvc"], 2, "QT")
    Page.objects.filter(title="Thủ tục QT số 2").update(live=False)  # unpublished
    client.force_login(org["staff"])

    page = client.get("/").content.decode()

    assert "QT-01" in page and "QT-02" not in page
