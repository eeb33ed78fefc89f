"""Reading rendered PDFs back with the poppler, qpdf and zbar command-line tools."""

import subprocess
import unicodedata


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


def page_count(path):
    for line in run("pdfinfo", str(path)).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


def page_text(path, page):
    return run("pdftotext", "-f", str(page), "-l", str(page), str(path), "-")


def pages(path):
    return [page_text(path, n) for n in range(1, page_count(path) + 1)]


def flat(text):
    """Whitespace collapsed (pdftotext breaks table cells over lines)."""
    return " ".join(text.split())


def is_nfc(text):
    return unicodedata.normalize("NFC", text) == text


def qr_codes(path, tmp_path, page=1):
    prefix = tmp_path / f"page{page}"
    run("pdftoppm", "-r", "200", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(path), str(prefix))
    result = subprocess.run(  # noqa: S603
        ["zbarimg", "-q", "--raw", f"{prefix}.png"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,  # noqa: S607
    )
    return result.stdout.split()


def pdfinfo(path):
    info = {}
    for line in run("pdfinfo", str(path)).splitlines():
        key, _sep, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


MM = 72 / 25.4  # PDF points per millimetre


def words(path, page):
    """Every word of a page with its box in points from the top left: (text, x0, y0, x1, y1)."""
    import html
    import re

    found = []
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    for x0, y0, x1, y1, text in re.findall(
        pattern, run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    ):
        found.append((html.unescape(text), float(x0), float(y0), float(x1), float(y1)))
    return found


def word_boxes(all_words, text):
    """The boxes of the words that read ``text`` exactly."""
    return [w for w in all_words if w[0] == text]
