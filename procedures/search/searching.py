"""The staff portal's search: current issues only, accent-insensitive.

The query is folded like the index (procedures.search.vietnamese) and matched in
Wagtail's search index of procedures.SearchEntry (SQLite FTS5 or PostgreSQL
full-text search). Results come in two tiers: documents whose code or title
holds every word first, then those that hold them elsewhere (forms, body),
each tier by code. Every row shown is loaded through current_entries(), which
requires the entry's issue to be current and its page live, so text that is
not current cannot show up even if an entry were stale.

Wagtail's backend keeps the index; the portal reads it with its own query
(see docs/performance.md). On SQLite the backend's query joins the FTS5 table
inside out (one full-text scan per index row) and adds a relevance subquery
per result, which grows quadratically with the library: :func:`sqlite_matches`
runs the full-text match first. On PostgreSQL the backend matches
`title || body`, which no index covers: :func:`postgres_matches` asks each
vector separately, so that the GIN indexes serve the query.
"""

import re
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe
from modelsearch.utils import get_content_type_pk
from wagtail.search.backends import get_search_backend

from procedures.models import IssueStatus, SearchEntry
from procedures.search.vietnamese import fold, fold_with_offsets

SNIPPET_CHARS = 220


def current_entries():
    """Entries of live documents whose issue is current, with what a result line shows."""
    return (
        SearchEntry.objects.filter(issue__status=IssueStatus.CURRENT, document__live=True)
        .select_related("issue", "document")
        .only(
            "pk",
            "code",
            "text",
            "document_id",
            "issue_id",
            "owner_department_id",
            "document_type_id",
            "document__url_path",
            "issue__code",
            "issue__title",
            "issue__edition",
            "issue__amendment",
            "issue__effective_date",
            "issue__owner_department_name",
            "issue__document_type_name",
            "issue__status",
        )
    )


def title_holds_every_word(terms):
    condition = Q()
    for term in terms:
        # Folded titles are single-space separated words: padding makes a whole-word test.
        condition &= Q(title__startswith=f"{term} ") | Q(title__contains=f" {term} ") | Q(title__endswith=f" {term}")
    return condition


class TieredResults:
    """Tiers of matching entry ids (title/code matches, then the rest), sliceable
    for Django's Paginator. Only the ids of one page are read in order; the rows
    themselves are then loaded by id, so sorting never carries the body text."""

    def __init__(self, *tiers, count_tiers=None):
        """``count_tiers``: a callable giving every tier's count in one query (else one query per tier)."""
        self.tiers = tiers
        self.count_tiers = count_tiers
        self._counts = None

    def counts(self):
        if self._counts is None:
            self._counts = self.count_tiers() if self.count_tiers else [tier.count() for tier in self.tiers]
        return self._counts

    def count(self):
        return sum(self.counts())

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("TieredResults only supports slices")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        ids, offset = [], 0
        for tier, size in zip(self.tiers, self.counts(), strict=True):
            lo, hi = max(start - offset, 0), min(stop - offset, size)
            if lo < hi:
                ids.extend(getattr(item, "pk", item) for item in tier[lo:hi])
            offset += size
        rows = current_entries().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


@dataclass
class Search:
    query: str = ""
    department: int | None = None
    document_type: int | None = None
    # The entries the reader reads (procedures.documents.readers.entry_condition); Q() for all.
    readable: Q = field(default_factory=Q)

    @property
    def terms(self):
        return list(dict.fromkeys(fold(self.query).split()))

    def filtered(self):
        # Matching and counting skip the guards (joins that cost more than the
        # match itself in a large library); TieredResults loads every row shown
        # through current_entries(), so a stale entry is never shown.
        entries = SearchEntry.objects.filter(self.readable)
        if self.department:
            entries = entries.filter(owner_department_id=self.department)
        if self.document_type:
            entries = entries.filter(document_type_id=self.document_type)
        return entries

    def results(self):
        """Sliceable results; without words, every current document of the filters by code."""
        terms = self.terms
        if not terms:
            return TieredResults(self.filtered().order_by("code", "pk").values_list("pk", flat=True))
        in_title = title_holds_every_word(terms)
        selective = bool(self.readable) or bool(self.department)
        matching = matching_entries(terms, self.filtered(), selective)
        if matching is None:  # another search backend: its own query per tier
            return TieredResults(
                matches(terms, self.filtered().filter(in_title), selective),
                matches(terms, self.filtered().exclude(in_title), selective),
            )

        def count_tiers():
            # Both tiers counted in one pass over the matching entries (the title is never NULL,
            # so "not in the title" is the exclude() of the second tier).
            counts = matching.aggregate(first=Count("pk", filter=in_title), rest=Count("pk", filter=~in_title))
            return [counts["first"], counts["rest"]]

        return TieredResults(
            matching.filter(in_title).order_by("code", "pk").values_list("pk", flat=True),
            matching.exclude(in_title).order_by("code", "pk").values_list("pk", flat=True),
            count_tiers=count_tiers,
        )


def matching_entries(terms, entries, selective=False):
    """The entries holding every term, through Wagtail's search index on SQLite and PostgreSQL
    (``selective``: the entries are filtered to a small part of the index); None on another backend."""
    backend_name = type(get_search_backend()).__name__
    if backend_name == "SQLiteSearchBackend":
        return sqlite_matches(terms, entries)
    if backend_name == "PostgresSearchBackend":
        return postgres_matches(terms, entries, selective)
    return None


def matches(terms, entries, selective=False):
    """Ids of the entries holding every term, by code, through Wagtail's search index
    (``selective``: the entries are filtered to a small part of the index)."""
    matching = matching_entries(terms, entries, selective)
    if matching is not None:
        return matching.order_by("code", "pk").values_list("pk", flat=True)
    return get_search_backend().search(
        " ".join(terms), entries.order_by("code").only("pk"), operator="and", order_by_relevance=False
    )


def postgres_matches(terms, entries, selective=False):
    """Each term in the title or the body vector of Wagtail's index, asked of each
    vector separately so that both GIN indexes can serve it (the backend's own
    query matches `title || body`, which no index covers, and so reads every entry).

    ``selective``: the reader's filters keep a small part of the index (a province
    reader's agencies hold a few hundred of tens of thousands of entries, while a
    common word matches thousands). The match is then asked per entry (EXISTS on
    the index's unique (content type, object id) key), so the planner starts from
    the filters' index and checks each entry's vectors instead of matching the
    whole province first. Unfiltered (the overseer), the whole index is matched
    once through the GIN indexes, which is cheaper for a rare word or a code."""
    from modelsearch.conf import get_app_config

    table = get_app_config().get_model("IndexEntry")._meta.db_table
    condition = " AND ".join(
        ["(ie.title @@ to_tsquery('simple', %s) OR ie.body @@ to_tsquery('simple', %s))"] * len(terms)
    )
    params = [get_content_type_pk(SearchEntry), *[term for term in terms for _ in (0, 1)]]
    if not selective:
        ids = RawSQL(  # noqa: S611 - every value is a bound parameter; terms are [a-z0-9]+
            f"SELECT CAST(ie.object_id AS bigint) FROM {table} ie WHERE ie.content_type_id = %s AND {condition}",  # noqa: S608
            params,
        )
        return entries.filter(pk__in=ids)
    outer = SearchEntry._meta.db_table
    exists = RawSQL(  # noqa: S611 - every value is a bound parameter; terms are [a-z0-9]+
        f"EXISTS (SELECT 1 FROM {table} ie WHERE ie.content_type_id = %s "  # noqa: S608 - table names from the models
        f'AND ie.object_id = CAST("{outer}"."id" AS text) AND {condition})',
        params,
        output_field=BooleanField(),
    )
    return entries.filter(exists)


def sqlite_matches(terms, entries):
    # Only importable where the SQLite FTS5 index exists.
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry, SQLiteFTSIndexEntry

    # Terms are folded to [a-z0-9]+, so quoting them is all FTS5 needs.
    match = "{title body} : (" + " AND ".join(f'"{term}"' for term in terms) + ")"
    fts, index = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
    # CROSS JOIN makes SQLite run the full-text match once, then look up the rows it found.
    ids = RawSQL(  # noqa: S611 - the only parameters are bound; the MATCH string holds [a-z0-9" ] only
        f"SELECT CAST(ie.object_id AS INTEGER) FROM {fts} CROSS JOIN {index} ie ON ie.id = {fts}.rowid "  # noqa: S608 - table names from the models
        f"WHERE {fts} MATCH %s AND ie.content_type_id = %s",
        [match, get_content_type_pk(SearchEntry)],
    )
    return entries.filter(pk__in=ids)


def term_spans(text, terms):
    """(start, end) spans of `text` whose folded form is one of the whole words in `terms`."""
    if not terms or not text:
        return []
    folded, offsets = fold_with_offsets(text)
    pattern = re.compile(
        r"(?<![a-z0-9])(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?![a-z0-9])"
    )
    spans = []
    for match in pattern.finditer(folded):
        start, end = offsets[match.start()], offsets[match.end() - 1] + 1
        if spans and not text[spans[-1][1] : start].strip():
            # "Đăng ký" is one highlight, not two.
            start = spans.pop()[0]
        spans.append((start, end))
    return spans


def highlight(text, terms, spans=None):
    """Escaped text with the terms wrapped in <mark>; every piece of the text is escaped."""
    spans = term_spans(text, terms) if spans is None else spans
    pieces, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def snippet(text, terms, length=SNIPPET_CHARS):
    """About `length` characters of the body around the first term found, highlighted."""
    text = " ".join((text or "").split())
    spans = term_spans(text, terms)
    if not spans:
        cut = text[:length]
        return highlight(cut + ("…" if len(text) > length else ""), [])
    first = spans[0][0]
    start = max(first - length // 3, 0)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(start + length, len(text))
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > spans[0][1] else end
    window = text[start:end]
    inner = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    marked = highlight(window, terms, inner)
    return mark_safe(("…" if start else "") + marked + ("…" if end < len(text) else ""))  # noqa: S308 - escaped by highlight
