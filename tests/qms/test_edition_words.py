"""One word for one thing: a document's edition is "lần ban hành" everywhere in Vietnamese (the portal,
the PDFs, the admin and Wagtail's own screens); "phiên bản" is left for a saved draft revision and
for the edition of the ISO 9001 standard (docs/conventions.md, Vocabulary)."""

import gettext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISO_STANDARD = (
    "ISO 9001 edition",
    "ISO 9001 edition cited",
    "counterparts in the other edition",
    "of the edition cited",
)


def catalogues():
    found = [p for p in ROOT.glob("**/locale*/vi/LC_MESSAGES/django.mo") if ".venv" not in p.parts]
    assert len(found) >= 4
    for path in found:
        with path.open("rb") as handle:
            yield path, gettext.GNUTranslations(handle)._catalog


def test_a_document_edition_is_always_lan_ban_hanh():
    checked = 0
    for path, catalog in catalogues():
        for msgid, msgstr in catalog.items():
            if isinstance(msgid, tuple):
                msgid = msgid[0]
            if not msgid or any(iso in msgid for iso in ISO_STANDARD):
                continue
            english = msgid.lower()
            if "edition" in english or "live version" in english or "live revision" in english:
                checked += 1
                assert "phiên bản" not in msgstr.lower(), (path.relative_to(ROOT), msgid, msgstr)
    assert checked >= 20


def test_the_words_that_were_mixed_up():
    merged = {}
    for _path, catalog in catalogues():
        for msgid, msgstr in catalog.items():
            merged.setdefault(msgid, msgstr)
    assert merged["edition"] == "lần ban hành"
    assert merged["Edition"] == "Lần ban hành"
    assert merged["Live version"] == "Lần ban hành đang hiệu lực"
    assert merged["Compare with live version"] == "So sánh với lần ban hành đang hiệu lực"
    assert merged["revision"] == "phiên bản"  # a saved draft, not an edition
