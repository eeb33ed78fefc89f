"""The corrective action list on a phone: one labelled card per action, nothing cut off."""

from bs4 import BeautifulSoup
from django.urls import reverse

from tests.portal.tables import check_tables


def test_action_list_reflows_as_labelled_cards(client, action, owner):
    client.force_login(owner)
    html = client.get(reverse("audits:action_list")).content.decode()
    (table,) = check_tables(html)
    assert "table-cards" in table["class"]
    cells = BeautifulSoup(html, "html.parser").select("table.table-cards tbody tr td")
    assert [c["data-label"] for c in cells] == [
        "Số",
        "Sự không phù hợp",
        "Đơn vị",
        "Người phụ trách",
        "Hạn hoàn thành",
        "Tình trạng",
    ]
    assert cells[0].get_text(strip=True) == action.number
    assert cells[-1].find("div").find(class_="badge"), "the status badges stay together in the value column"
