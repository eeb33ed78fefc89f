"""PDF rendering with WeasyPrint, shared by controlled documents and audit reports.

Templates live under templates/pdf/ and extend pdf/base.html, which sets A4
pages, the running header and footer, and the shipped Times-metric serif
(Liberation Serif, SIL OFL: qms/fonts/). The fonts are declared with
@font-face from files of the project, so a PDF looks the same on every
machine and embeds (subset) only those fonts.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "QMS Serif"
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
# PDF/A-3b: archival, and allows the embedded files a later version may attach.
PDF_VARIANT = "pdf/a-3b"


def font_face_css():
    rules = []
    for (weight, style), filename in FONT_FILES.items():
        url = (FONT_DIR / filename).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{url}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def media_fetcher():
    """WeasyPrint's fetcher, which also reads the image library's files (``/media/images/…``,
    ``/media/original_images/…``, as a document's text names them) from the project's storage, on disk or
    in a bucket. Nothing else under MEDIA_URL is read: evidence and attachments never enter a PDF this way."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class MediaImageFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = unquote(parts.path)
            if parts.scheme == "file" and path.startswith(settings.MEDIA_URL):
                name = path[len(settings.MEDIA_URL) :]
                if name.startswith(("images/", "original_images/")) and ".." not in name.split("/"):
                    with default_storage.open(name, "rb") as stored:
                        body = stored.read()
                    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": content_type})
                raise ValueError(f"not an image of the library: {name}")
            return super().fetch(url, headers)

    return MediaImageFetcher()


def render_html(template_name, context, language="vi"):
    """The HTML a PDF is made from, rendered in the document's language."""
    with translation.override(language):
        return render_to_string(template_name, {"font_face_css": font_face_css(), **context})


def html_to_pdf(html, *, variant=PDF_VARIANT, identifier=None):
    """Turn final HTML into PDF bytes. Kept separate so benchmarks can compare
    our rendering with raw WeasyPrint on the identical HTML."""
    return html_to_pdf_and_box(html, variant=variant, identifier=identifier)[0]


def html_to_pdf_and_box(html, *, variant=PDF_VARIANT, identifier=None, box_id=None):
    """PDF bytes, and where the element ``id=box_id`` was laid out: (page index,
    x1, y1, x2, y2) in PDF points from the page's lower left corner, or None.
    The signature appearance (qms/pdf_signing.py) is placed on that box."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    base_url = str(settings.BASE_DIR)
    options = {"pdf_variant": variant, "uncompressed_pdf": False}
    if identifier:
        options["pdf_identifier"] = identifier.encode() if isinstance(identifier, str) else identifier
    document = HTML(string=html, base_url=base_url, url_fetcher=media_fetcher()).render(
        font_config=font_config, **options
    )
    box = None
    if box_id:
        for index, page in enumerate(document.pages):
            if box_id in page.anchors:
                x1, y1, x2, y2 = page.anchors[box_id]
                # CSS pixels (1/96 in) from the top left; PDF points (1/72 in) from the bottom left.
                height = page.height * 0.75
                box = (index, x1 * 0.75, height - y2 * 0.75, x2 * 0.75, height - y1 * 0.75)
                break
    return document.write_pdf(**options), box


def render_pdf(template_name, context, *, language="vi", variant=PDF_VARIANT, identifier=None):
    """Render a template under templates/pdf/ to PDF bytes."""
    return html_to_pdf(render_html(template_name, context, language), variant=variant, identifier=identifier)
