"""Reading an exported .xlsx back as its table: the exports open with the agency's
letterhead and title (qms.spreadsheets.write_sheet), so the table starts at the
row whose first cell is "STT" (or "No." in English), not at the first row."""

import io
from dataclasses import dataclass

from openpyxl import load_workbook

NUMBER_HEADINGS = ("STT", "No.")


@dataclass
class Table:
    sheet: object
    header_row: int  # 1-based row of the header
    headers: list
    rows: list  # each row's values, the "STT" column first

    def column(self, heading):
        index = self.headers.index(heading)
        return [row[index] for row in self.rows]

    def by(self, heading):
        """The rows keyed by their value under ``heading``."""
        index = self.headers.index(heading)
        return {row[index]: row for row in self.rows}

    @property
    def numbered(self):
        """The rows that carry a number (a totals line does not)."""
        return [row for row in self.rows if row[0] is not None]


def content_of(source):
    """The bytes of a response (streaming or not) or of bytes themselves."""
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    assert source.status_code == 200, source.status_code
    return b"".join(source.streaming_content) if source.streaming else source.content


def read_table(source):
    sheet = load_workbook(io.BytesIO(content_of(source))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_index = next(i for i, row in enumerate(values) if row and row[0] in NUMBER_HEADINGS)
    width = len(values[header_index])
    while width and values[header_index][width - 1] is None:
        width -= 1
    rows = [row[:width] for row in values[header_index + 1 :] if any(v is not None for v in row)]
    return Table(sheet=sheet, header_row=header_index + 1, headers=values[header_index][:width], rows=rows)
