"""Folding Vietnamese text for accent-insensitive search.

Staff type without diacritics ("dang ky ket hon") and write codes however
they like ("qt05", "QT 05", "QT-05"). Both the index and the query go through
:func:`fold`, so the search engine only ever sees lowercase ASCII words.
"""

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode decomposition does not reduce to an ASCII base letter.
EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"})
NON_WORD = re.compile(r"[^a-z0-9]+")
LETTERS_DIGITS = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")


@lru_cache(maxsize=4096)
def fold_char(char):
    """One character folded to lowercase ASCII letters/digits, or "" (a separator)."""
    decomposed = unicodedata.normalize("NFD", char.translate(EXTRA_FOLDS).lower())
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if NON_WORD.fullmatch(base) is None else ""


def fold(text):
    """ "Đăng ký  kết hôn (QT-05)" -> "dang ky ket hon qt 05"."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(EXTRA_FOLDS).lower())
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(NON_WORD.sub(" ", base).split())


def words(text):
    return fold(text).split()


def code_variants(code):
    """Every way a reader may type a code: "QT-SGD-01" gives "qt sgd 01", "qtsgd01"
    and the letter/digit pieces, so "qt05", "QT 05" and "QT-05" all find QT-05."""
    folded = fold(code)
    if not folded:
        return ""
    split = LETTERS_DIGITS.sub(" ", folded)
    compact = folded.replace(" ", "")
    variants = []
    for variant in (folded, split, compact):
        if variant not in variants:
            variants.append(variant)
    return " ".join(variants)


class _FoldTable(dict):
    """``str.translate`` table of :func:`fold_char` (a separator becomes a space), filled as characters come."""

    def __missing__(self, code):
        piece = fold_char(chr(code)) or " "
        self[code] = piece
        return piece


FOLD_TABLE = _FoldTable()


def fold_with_offsets(text):
    """The folded text and, for each of its characters, the index of the source character.

    Used to find folded search terms in the original accented text, so that the
    highlight lands on "Đăng ký" when the reader typed "dang ky". Vietnamese
    folds one character to one (``str.translate``, at C speed; the offsets are
    then the positions themselves); a text with a character that folds to two
    ("æ", "ß") takes the character-by-character way.
    """
    folded = text.translate(FOLD_TABLE)
    if len(folded) == len(text):
        return folded, range(len(text))
    folded, offsets = [], []
    for index, char in enumerate(text):
        piece = fold_char(char) or " "
        folded.append(piece)
        offsets.extend([index] * len(piece))
    return "".join(folded), offsets
