"""mammoth's HTML made into the rich text a section block holds.

BeautifulSoup (with the stdlib ``html.parser`` builder) reads mammoth's output:
it comes with Wagtail (a dependency of its rich-text handling), so nothing new
is installed, and mammoth's HTML is small and well formed. Only what the
section editor offers is kept (paragraphs, h3/h4, lists, bold, italic, web
links, line breaks); any other tag is unwrapped to its text, so nothing from the
file reaches a page as markup the editor would not have produced.
"""

from html import escape

from bs4 import NavigableString, Tag

INLINE = {"strong": "b", "b": "b", "em": "i", "i": "i"}
BLOCK = {"p": "p", "ul": "ul", "ol": "ol", "li": "li"}
HEADINGS = {"h1": "h3", "h2": "h3", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def clean(node):
    """The sanitised HTML of a node and its children."""
    if isinstance(node, NavigableString):
        return escape(str(node), quote=False)
    if not isinstance(node, Tag):
        return ""
    if node.name == "img":
        return ""
    if node.name == "br":
        return "<br/>"
    inner = "".join(clean(child) for child in node.children)
    if node.name in INLINE:
        tag = INLINE[node.name]
        return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
    if node.name == "a":
        href = node.get("href", "")
        if href.startswith(SAFE_SCHEMES) and inner.strip():
            return f'<a href="{escape(href)}">{inner}</a>'
        return inner
    tag = BLOCK.get(node.name) or HEADINGS.get(node.name)
    if tag:
        return f"<{tag}>{inner}</{tag}>"
    return inner


def block_html(node, heading=None):
    """A top-level node as rich text; ``heading`` forces h3/h4 for a sub-heading."""
    html = clean(node)
    if heading:
        inner = "".join(clean(child) for child in node.children)
        return f"<{heading}>{inner}</{heading}>"
    if isinstance(node, Tag) and node.name not in BLOCK and node.name not in HEADINGS:
        return f"<p>{html}</p>"
    return html


def images_in(node):
    if not isinstance(node, Tag):
        return []
    found = [node] if node.name == "img" else []
    return found + node.find_all("img")
