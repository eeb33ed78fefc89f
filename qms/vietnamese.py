"""Vietnamese text without its diacritics, for slugs and accent-insensitive matching."""

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
