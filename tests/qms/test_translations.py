"""Every interface string has a Vietnamese translation, and the compiled catalogue matches it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def catalogues():
    return [p for p in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts]


def test_no_vietnamese_string_is_left_untranslated_or_fuzzy():
    assert catalogues()
    for po in catalogues():
        text = po.read_text(encoding="utf-8")
        entries = text.split("\n\n")[1:]
        untranslated = [e for e in entries if re.search(r'^msgstr ""$(?!\n")', e, re.M) and "msgid_plural" not in e]
        fuzzy = [e for e in entries if "#, fuzzy" in e]
        assert not untranslated, f"{po}: {untranslated[:3]}"
        assert not fuzzy, f"{po}: {fuzzy[:3]}"
        assert po.with_suffix(".mo").exists(), f"{po} is not compiled: run make messages"
