"""Tables on the document page fit a phone: they scroll inside their own box or reflow as labelled cards."""

from bs4 import BeautifulSoup

from tests.portal.tables import check_tables


def test_document_page_tables_scroll_or_reflow(client, org, issued):
    document = issued("Đăng ký kết hôn", code="QT-01", index=False)
    client.force_login(org["staff"])
    html = client.get(document.url).content.decode()
    tables = check_tables(html)
    classes = [" ".join(t.get("class") or []) for t in tables]
    assert "steps-table" in classes
    assert classes.count("table-cards") >= 2, "the signatures and the amendment history reflow as cards"
    history = BeautifulSoup(html, "html.parser").select_one(".document-history table.table-cards")
    labels = [td["data-label"] for td in history.tbody.tr.find_all("td")]
    assert labels == ["STT", "Ngày", "Lần ban hành/Lần sửa đổi", "Nội dung sửa đổi", "Yêu cầu sửa đổi"]
    control = BeautifulSoup(html, "html.parser").select_one(".document-control")
    assert control.find("a", class_="button").get_text(strip=True) == "Đề nghị sửa đổi"
