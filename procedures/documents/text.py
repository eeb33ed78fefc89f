"""An issue's frozen body as lines of text: what the search indexes and what a
comparison of two issues shows side by side."""

import difflib
import re
from html import unescape

from django.utils.html import escape
from django.utils.safestring import mark_safe

BLOCK_TAGS = re.compile(r"</?(p|h[1-6]|li|tr|div|section|table|thead|tbody|ul|ol|br)\b[^>]*>", re.I)
TAGS = re.compile(r"<[^>]+>")


def html_to_lines(html):
    text = BLOCK_TAGS.sub("\n", html)
    text = re.sub(r"</t[dh]>", " | ", text, flags=re.I)
    text = unescape(TAGS.sub("", text))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def mark_words(old, new):
    """Word-level markup of one changed line: deletions and insertions."""
    a, b = old.split(), new.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_words, new_words = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(old_words)
            right.append(new_words)
        else:
            if old_words:
                left.append(f"<del>{old_words}</del>")
            if new_words:
                right.append(f"<ins>{new_words}</ins>")
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))  # noqa: S308 - every word is escaped above


def diff_rows(old_html, new_html):
    """Side-by-side rows (kind, left, right) with additions and deletions marked."""
    old, new = html_to_lines(old_html), html_to_lines(new_html)
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            rows.extend(("equal", escape(line), escape(line)) for line in old[i1:i2])
        elif op == "replace" and i2 - i1 == j2 - j1:
            rows.extend(("changed", *mark_words(a, b)) for a, b in zip(old[i1:i2], new[j1:j2], strict=True))
        else:
            rows.extend(("deleted", mark_safe(f"<del>{escape(line)}</del>"), "") for line in old[i1:i2])  # noqa: S308
            rows.extend(("added", "", mark_safe(f"<ins>{escape(line)}</ins>")) for line in new[j1:j2])  # noqa: S308
    return rows
