"""What keeps a portal table readable on a 390 px phone, read from the page's markup: every table sits in a
``.table-scroll`` box (it scrolls inside it, the page never does), and a ``.table-cards`` table (one card
per row on a phone) labels each cell with its column's heading."""

from bs4 import BeautifulSoup


def check_tables(html):
    """Assert the rule for every table of the page; return the tables found."""
    tables = BeautifulSoup(html, "html.parser").find_all("table")
    for table in tables:
        box = table.find_parent(class_="table-scroll")
        cards = "table-cards" in (table.get("class") or []) or "steps-table" in (table.get("class") or [])
        assert box is not None or cards, f"a table outside a scrolling box: {str(table)[:120]}"
        if cards:
            headings = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
            for row in table.tbody.find_all("tr"):
                for index, cell in enumerate(row.find_all(["td", "th"], recursive=False)):
                    if cell.name == "th":  # a row heading stays a heading on the card
                        continue
                    assert cell.get("data-label") == headings[index], (headings[index], str(cell)[:120])
    return tables
