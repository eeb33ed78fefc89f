from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class SearchEntry(index.Indexed, models.Model):
    """The current issue of one document, folded for search (see procedures.search.index).

    One row per document that has a current issue, and only then: the row is
    rewritten when a new issue takes effect and removed when the document is
    withdrawn. It is a derived index, rebuilt at will from the issues (which
    keep their own history), so it has no history of its own. The search
    engine sees only the folded (unaccented, lowercase ASCII) columns; `text`
    keeps the readable body for snippets.
    """

    document = models.OneToOneField(
        "procedures.ControlledDocumentPage", on_delete=models.CASCADE, related_name="search_entry"
    )
    issue = models.OneToOneField("procedures.Issue", on_delete=models.PROTECT, related_name="search_entry")
    owner_department = models.ForeignKey(
        "qms.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document_type = models.ForeignKey(
        "procedures.DocumentType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The agency whose library holds the document, copied here so that a reader's
    # search filters one indexed column before the full-text match: in a province,
    # the agencies' filter is far more selective than most words.
    agency = models.ForeignKey("qms.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(_("code"), max_length=50)
    # Folded columns, the only ones the search engine indexes.
    title = models.TextField(help_text="Folded code variants and title.")
    forms = models.TextField(blank=True, help_text="Folded form codes and titles.")
    body = models.TextField(blank=True, help_text="Folded body text.")
    # The body as plain readable text, for result snippets.
    text = models.TextField(blank=True)

    # Kept in sync explicitly by procedures.search.index, never by post_save.
    search_auto_update = False
    search_fields = [
        index.SearchField("title", boost=10),
        index.SearchField("forms", boost=4),
        index.SearchField("body"),
        index.FilterField("title"),
        index.FilterField("issue"),
        index.FilterField("document"),
        index.FilterField("owner_department"),
        index.FilterField("document_type"),
        index.FilterField("agency"),
        index.FilterField("code"),
        # The guards every portal query applies (procedures.search.searching.current_entries).
        index.RelatedFields("issue", [index.FilterField("status")]),
        index.RelatedFields("document", [index.FilterField("live")]),
    ]

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["agency", "code"], name="searchentry_agency_code")]

    def __str__(self):
        return self.code
