"""Numbered headings of a document's body: the author types "Mục đích", the reader sees "1. Mục đích".

The number is the part's place in the body, given when the body is rendered (the reading page,
the PDF and the Word export of an issue are made from that rendering, frozen in
``Issue.body_html`` when it is issued: issues already issued keep the text they were issued with).
Sections, the records kept and the forms are numbered 1., 2., ...; a legal basis or a steps
table after a section belongs to it (5.1., 5.2.). A number the author typed, as documents
written before did ("1. Mục đích", "II. Phạm vi", "5.1 Trình tự"), is left out so that it is
never shown twice; a heading left empty is the section's kind ("Mục đích").
"""

import re
from dataclasses import dataclass

from procedures.models.blocks import SECTION_KINDS
from procedures.models.document_types import PART_DEFAULT_HEADINGS

TOP_LEVEL = frozenset({"section", "records_kept", "forms"})
WITHIN_SECTION = frozenset({"legal_basis", "steps_table"})

_LEADING = re.compile(
    r"(?:(?P<arabic>\d+(?:\.\d+)*)(?P<mark>[.)]?)|(?P<roman>[IVXLC]+|[ivxlc]+)[.)])(?P<space>\s*)(?P<rest>.*)",
    re.S,
)


def strip_numbering(heading):
    """The heading without the number typed in front of it: "1. Mục đích" -> "Mục đích".

    A number is taken as numbering when a dot or bracket follows it ("1.", "5.1.", "2)", "IV.")
    or, without one, when the heading goes on with a capital ("1 Mục đích"): "1,5 ngày" and
    "3 bước" stay as they are."""
    text = (heading or "").strip()
    match = _LEADING.fullmatch(text)
    if match is None:
        return text
    rest = match.group("rest")
    bare_number = match.group("arabic") and not match.group("mark")
    if bare_number and not (match.group("space") and rest[:1].isupper()):
        return text
    return rest.strip()


def default_heading(block_type, value):
    """The heading of a part whose heading was left empty: a section's kind, a table's usual name."""
    if block_type == "section":
        return str(dict(SECTION_KINDS).get(value.get("kind"), ""))
    return PART_DEFAULT_HEADINGS.get(block_type, "")


@dataclass
class NumberedBlock:
    block: object
    number: str
    heading: str


def numbered_blocks(body):
    """Each block of a body with its number ("" for a block without a heading) and its heading."""
    result = []
    top = sub = 0
    in_section = False
    for block in body:
        kind = block.block_type
        if kind not in TOP_LEVEL and kind not in WITHIN_SECTION:
            result.append(NumberedBlock(block, "", ""))
            continue
        heading = strip_numbering(block.value.get("heading")) or default_heading(kind, block.value)
        if kind in WITHIN_SECTION and in_section:
            sub += 1
            number = f"{top}.{sub}"
        else:
            top, sub = top + 1, 0
            number = str(top)
            in_section = kind == "section"
        result.append(NumberedBlock(block, number, heading))
    return result
