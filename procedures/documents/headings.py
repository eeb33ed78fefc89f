"""Numbered headings of a document's body: the author types "Mục đích", the reader sees "1. Mục đích".

The number is the part's place in the body, given when the body is rendered (the reading page,
the PDF and the Word export of an issue are made from that rendering, frozen in
``Issue.body_html`` when it is issued: issues already issued keep the text they were issued with).
Sections, the records kept and the forms are numbered 1., 2., ...; a legal basis or a steps
table after the procedure's content section belongs to it (5.1., 5.2.). A heading left empty is
the part's name ("Mục đích").

Documents written before typed their numbers ("1. Mục đích", "IV. Nội dung", "5.3. Trình tự thực
hiện"): the typed number is taken out of the heading, so that it is never shown twice, and used
as the part's number, the parts after it counting on from it; such a document reads as it was
typed, "5.3." included, where counting by place alone would renumber its sub-parts.
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


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_value(text):
    values = [ROMAN[letter] for letter in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def split_numbering(heading):
    """(the typed number as a list of integers or None, the heading without it):
    "5.3. Trình tự" -> ([5, 3], "Trình tự"); "Mục đích" -> (None, "Mục đích")."""
    text = (heading or "").strip()
    match = _LEADING.fullmatch(text)
    if match is None:
        return None, text
    rest = match.group("rest")
    bare_number = match.group("arabic") and not match.group("mark")
    if bare_number and not (match.group("space") and rest[:1].isupper()):
        return None, text
    if match.group("arabic"):
        levels = [int(part) for part in match.group("arabic").split(".")]
    else:
        levels = [_roman_value(match.group("roman"))]
    return levels, rest.strip()


def strip_numbering(heading):
    """The heading without the number typed in front of it: "1. Mục đích" -> "Mục đích".

    A number is taken as numbering when a dot or bracket follows it ("1.", "5.1.", "2)", "IV.")
    or, without one, when the heading goes on with a capital ("1 Mục đích"): "1,5 ngày" and
    "3 bước" stay as they are."""
    return split_numbering(heading)[1]


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
    in_content = False
    for block in body:
        kind = block.block_type
        if kind not in TOP_LEVEL and kind not in WITHIN_SECTION:
            result.append(NumberedBlock(block, "", ""))
            continue
        typed, heading = split_numbering(block.value.get("heading"))
        heading = heading or default_heading(kind, block.value)
        if typed is not None:
            top, sub = typed[0], typed[1] if len(typed) > 1 else 0
            number = ".".join(str(level) for level in typed)
            if len(typed) == 1:
                in_content = kind == "section" and block.value.get("kind") == "content"
        elif kind in WITHIN_SECTION and in_content:
            sub += 1
            number = f"{top}.{sub}"
        else:
            top, sub = top + 1, 0
            number = str(top)
            in_content = kind == "section" and block.value.get("kind") == "content"
        result.append(NumberedBlock(block, number, heading))
    return result
