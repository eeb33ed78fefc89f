"""Vietnamese text without its diacritics, for slugs and accent-insensitive matching."""

import re
import unicodedata

from django.utils.text import slugify

# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text):
    """'Đăng ký kết hôn' -> 'Dang ky ket hon'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def slug(text):
    """An ASCII slug that keeps every letter: 'Quy trình đánh giá' -> 'quy-trinh-danh-gia'."""
    return slugify(fold(text))


# What Wagtail's admin JavaScript makes of a title when it proposes a slug
# (its "urlify": Latin-1 letters and a few others lose their accent, 'đ' becomes
# 'dj', every other non-ASCII letter is dropped). Used only to recognise such a
# slug, never to make one.
_BROWSER_MAP = {"đ": "dj", "Đ": "Dj", "ă": "a", "Ă": "A"}


def _browser_letter(char):
    if char in _BROWSER_MAP:
        return _BROWSER_MAP[char]
    if char.isascii():
        return char
    if "\u00c0" <= char <= "\u00ff":
        return fold(char) if fold(char).isascii() else ""
    return ""


def browser_slug(text):
    """'Quy trình đánh giá, xếp loại' -> 'quy-trinh-djanh-gia-xp-loi'."""
    letters = "".join(_browser_letter(c) for c in text.strip())
    letters = re.sub(r"\s+", "-", letters)
    letters = re.sub(r"[^A-Za-z0-9\-_]", "", letters).lower()
    return re.sub(r"-{2,}", "-", letters).strip("-")


_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang, huyền, sắc, hỏi, ngã, nặng


def _letters():
    """Every Vietnamese letter with a diacritic, in both cases: 'à', 'Ặ', 'đ'..."""
    found = {"đ", "Đ"}
    for vowel in _VOWELS:
        for tone in _TONES:
            letter = unicodedata.normalize("NFC", vowel + tone)
            found |= {letter, letter.upper()}
    return sorted(c for c in found if not c.isascii())


def slug_formatters():
    """Rules for Wagtail's slug widget (SlugInput's ``formatters``: pattern, replacement)
    that make the browser propose the same slug as :func:`slug`: each accented letter
    becomes its base letter ('đ' -> 'd', 'ề' -> 'e'), and marks typed as separate
    characters (a 'combining' keyboard setting) are dropped."""
    by_base = {}
    for letter in _letters():
        by_base.setdefault(fold(letter).lower(), []).append(letter)
    rules = [(f"[{''.join(letters)}]", base) for base, letters in sorted(by_base.items())]
    return [*rules, ("[\u0300-\u036f]", "")]
