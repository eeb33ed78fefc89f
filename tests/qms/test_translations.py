"""Every interface string has a Vietnamese translation, and the compiled catalogue matches it."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

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


def test_each_compiled_catalogue_holds_exactly_what_its_po_file_says(tmp_path):
    """A .mo older than its .po (say, after a merge) would show English where the .po has Vietnamese."""
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (gettext) is not installed")
    for po in [p for p in ROOT.glob("**/locale*/*/LC_MESSAGES/*.po") if ".venv" not in p.parts]:
        fresh = tmp_path / "fresh.mo"
        subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)  # noqa: S603, S607
        with fresh.open("rb") as expected, po.with_suffix(".mo").open("rb") as committed:
            assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(expected)._catalog, (
                f"{po.with_suffix('.mo')} is out of date: run make messages"
            )
