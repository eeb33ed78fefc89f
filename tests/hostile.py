"""Hostile input shared by the escaping and property-based tests.

PAYLOAD is what a malicious or careless user types into a text field; a page
that shows it must show these characters, never act on them. The hypothesis
strategies below build the junk a hostile client can post to a form."""

from html import escape

from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{ 7*7 }}"
PAYLOAD = f"{SCRIPT} {IMG} {TEMPLATE}"


def assert_escaped_in_html(html, where=""):
    """The payload is shown as text: escaped markup present, live markup absent."""
    assert "<script>alert(1)" not in html, where
    assert "<img src=x onerror" not in html, where
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, where
    assert "&lt;img src=x onerror=alert(1)&gt;" in html, where
    assert TEMPLATE in html, where


def assert_literal_in_text(text, where=""):
    """The payload survived as text in a PDF or a spreadsheet (markup would have vanished)."""
    flat = " ".join(text.split())
    assert SCRIPT in flat, where
    assert "<img src=x onerror=alert(1)>" in flat, where
    assert TEMPLATE in flat, where


def html_escaped(text):
    return escape(text, quote=False)


# --- hypothesis strategies

# Any text, NUL and control characters included, surrogates excluded (they
# cannot be encoded in a request at all).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
markup = st.sampled_from([SCRIPT, IMG, TEMPLATE, PAYLOAD, "<b>", "</textarea>", "&amp;", "%s", "%(x)s", "\\", "'; --"])
huge_text = st.builds(lambda c, n: c * n, st.sampled_from(["a", "Đ", "\x00", "<", "9"]), st.integers(1000, 200_000))
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0", "-1", "1e309", "NaN", "99999999999999999999", "0x10", "1,5", " 7 "]),
)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2025-02-30", "0000-00-00", "31/12/2025", "9999-99-99", "yesterday", "2025-13-01", "1-1-1"]),
)
hostile_value = st.one_of(any_text, markup, huge_text, numbers, dates, st.just(""))


def form_data(fields, ids=()):
    """A dict over some of ``fields`` (missing fields too), with hostile values; ids of other rows mixed in."""
    value = st.one_of(hostile_value, st.sampled_from([str(i) for i in ids] or ["1"]))
    return st.dictionaries(
        st.sampled_from(list(fields)), st.one_of(value, st.lists(value, max_size=3)), max_size=len(fields)
    )


# --- checking a hostile request

SETTINGS = {"max_examples": 25, "deadline": None, "derandomize": True}

QUERY_PARAMETERS = ["q", "page", "status", "document", "audit", "item", "a", "b", "show", "format", "overdue", "mine"]


def watched_models():
    """Every table a form could write: the project's own, and Wagtail's pages, revisions and workflow states."""
    from django.apps import apps

    skip = {"UploadThrottle"}
    models = [m for label in ("qms", "procedures", "audits") for m in apps.get_app_config(label).get_models()]
    models += [apps.get_model(name) for name in ("wagtailcore.Page", "wagtailcore.Revision", "wagtailcore.TaskState")]
    return [m for m in models if m.__name__ not in skip]


def snapshot():
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in watched_models()}


def post_and_check(client, url, data, accepted=(302,)):
    """Post hostile data: never a server error, and a refusal changes nothing."""
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code not in accepted:
        assert snapshot() == before, (url, response.status_code, data)
    return response


def get_and_check(client, url, params):
    response = client.get(url, params)
    assert response.status_code < 500, (url, params)
    return response


query_params = st.dictionaries(st.sampled_from(QUERY_PARAMETERS), hostile_value, max_size=5)
