from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PagePermissionTester
from wagtail.query import PageQuerySet
from wagtail.search import index

from procedures.models.blocks import DocumentBodyBlock
from qms import roles, scope, vietnamese
from qms.scope import DepartmentScopedQuerySet
from qms.text_limits import LONG_TEXT

from .issues import Issue, IssueStatus

# The views the pages answer with, and the editor forms, belong to the portal and
# the admin; they attach themselves at start-up (ProceduresConfig.ready()) so that
# the data layer imports no view and no form.
_PAGE_VIEWS = {}


# The third tab of the editor holds only the page's address in the portal (its slug):
# Wagtail's "Promote" tab is for search engines and site menus, which internal
# controlled documents have none of.
ADDRESS_TAB_HEADING = _("Address")
ADDRESS_PANELS = [FieldPanel("slug", help_text=_("The last part of the page's address, made from its title."))]


def attach_page_views(**views):
    """Called by procedures.portal.pages.attach() with one view per page route."""
    _PAGE_VIEWS.update(views)


def page_view(name):
    try:
        return _PAGE_VIEWS[name]
    except KeyError:
        raise ImproperlyConfigured(f"No view attached for the page route {name!r} (procedures.portal.pages).") from None


# The code of an administrative procedure in the national procedure catalogue (Cơ sở dữ liệu quốc gia
# về thủ tục hành chính), e.g. 1.004227 or 2.000123: digit groups separated by dots. Checked loosely:
# the catalogue's own numbering has changed over the years.
NATIONAL_CODE_PATTERN = r"^\d{1,3}(\.\d{1,9}){1,3}$"


def validate_national_code(value):
    """One code, or several separated by commas (an internal procedure may settle several procedures)."""
    import re

    codes = [code.strip() for code in re.split(r"[,;]", value)]
    if not all(re.fullmatch(NATIONAL_CODE_PATTERN, code) for code in codes):
        raise ValidationError(
            _(
                "The national procedure code is digits separated by dots, as in the national "
                "procedure catalogue, e.g. 1.004227 (several codes: 1.004227, 1.004230)."
            ),
            code="national_code",
        )


class Publication(models.TextChoices):
    """Whether a document's current issue is public: as its type says, or an override."""

    AS_TYPE = "", _("As its document type says")
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal only")


class ChangeType(models.TextChoices):
    AMENDMENT = "amendment", _("Amendment (amendment number + 1)")
    NEW_EDITION = "new_edition", _("New edition (edition + 1, amendment back to 0)")


class LibraryPage(Page):
    """The QMS library of one agency: the root of its controlled documents."""

    agency = models.OneToOneField(
        "qms.Agency",
        verbose_name=_("agency"),
        editable=False,
        on_delete=models.PROTECT,
        related_name="library",
    )
    intro = RichTextField(_("introduction"), blank=True, max_length=LONG_TEXT)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    edit_handler = TabbedInterface(
        [ObjectList(content_panels, heading=_("Content")), ObjectList(ADDRESS_PANELS, heading=ADDRESS_TAB_HEADING)]
    )
    subpage_types = ["procedures.SectionPage"]
    parent_page_types = ["wagtailcore.Page"]
    # Each agency gets its library when it is created (procedures.documents.library).
    is_creatable = False

    class Meta:
        verbose_name = _("QMS library")

    def serve(self, request, *args, **kwargs):
        return page_view("library")(request, self)


class SectionPage(Page):
    """A department's or a category's part of the library."""

    department = models.ForeignKey(
        "qms.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The heads of this department may draft documents here."),
    )
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT)

    content_panels = [*Page.content_panels, FieldPanel("department"), FieldPanel("description")]
    edit_handler = TabbedInterface(
        [ObjectList(content_panels, heading=_("Content")), ObjectList(ADDRESS_PANELS, heading=ADDRESS_TAB_HEADING)]
    )
    parent_page_types = ["procedures.LibraryPage"]
    subpage_types = ["procedures.ControlledDocumentPage"]

    class Meta:
        verbose_name = _("library section")

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.title:
            self.slug = vietnamese.slug(self.title)
        super().full_clean(*args, **kwargs)

    def permissions_for_user(self, user):
        return DepartmentPagePermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        return page_view("section")(request, self)


class ControlledDocumentQuerySet(DepartmentScopedQuerySet, PageQuerySet):
    department_field = "owner_department"

    def public(self):
        """Live documents of active agencies that are public (their own choice, else their type's),
        not withdrawn. Whether one has a current issue is the caller's question."""
        return self.filter(public_condition())

    def publishable(self):
        """Public documents, withdrawn ones included (their public address says they are no longer in force)."""
        return self.filter(public_condition(in_force_only=False))


def public_condition(prefix="", in_force_only=True):
    """The condition of :meth:`ControlledDocumentQuerySet.public` on a document reached through
    ``prefix`` (e.g. "document__" from an issue): joined, not a subquery, so that the database looks up
    only the rows asked for."""
    chosen = models.Q(**{f"{prefix}publication": Publication.PUBLIC}) | models.Q(
        **{f"{prefix}publication": Publication.AS_TYPE, f"{prefix}document_type__public": True}
    )
    condition = chosen & models.Q(**{f"{prefix}library__agency__is_active": True})
    if in_force_only:
        condition &= models.Q(**{f"{prefix}live": True, f"{prefix}withdrawn_at__isnull": True})
    return condition


class ControlledDocumentPage(RoutablePageMixin, Page):
    """A controlled document. Staff read its current issue, never this page's draft."""

    objects = PageManager.from_queryset(ControlledDocumentQuerySet)()
    # The documents' list sorts by code, searched or not (a search sorted by a field not indexed fails).
    search_fields = [*Page.search_fields, index.FilterField("code")]

    code = models.CharField(
        _("code"),
        max_length=50,
        blank=True,
        help_text=_("Proposed from the document type; frozen after the first issue."),
    )
    document_type = models.ForeignKey(
        "procedures.DocumentType", verbose_name=_("document type"), on_delete=models.PROTECT, related_name="documents"
    )
    owner_department = models.ForeignKey(
        "qms.Department", verbose_name=_("owner department"), on_delete=models.PROTECT, related_name="documents"
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"), null=True, blank=True, help_text=_("Empty: the document type's default.")
    )
    clauses = ParentalManyToManyField("qms.IsoClause", verbose_name=_("ISO 9001 clauses"), blank=True)
    body = StreamField(DocumentBodyBlock(), verbose_name=_("body"), blank=True)
    change_type = models.CharField(
        _("change type"), max_length=20, choices=ChangeType.choices, default=ChangeType.AMENDMENT
    )
    change_summary = models.TextField(
        _("change summary"),
        blank=True,
        max_length=LONG_TEXT,
        help_text=_("What this edition changes; printed in the amendment history."),
    )
    national_code = models.CharField(
        _("national procedure code"),
        max_length=100,
        blank=True,
        validators=[validate_national_code],
        help_text=_(
            "The administrative procedure's code in the national procedure catalogue "
            "(mã thủ tục hành chính trên Cơ sở dữ liệu quốc gia), e.g. 1.004227; several are separated by commas. "
            "Leave empty for other documents. "
            "Shown on the public page from the next issue."
        ),
    )
    publication = models.CharField(
        _("public"),
        max_length=10,
        blank=True,
        choices=Publication.choices,
        default=Publication.AS_TYPE,
        help_text=_("Whether the current issue is shown without signing in at /cong-khai/; from the next issue."),
    )
    library = models.ForeignKey(LibraryPage, null=True, editable=False, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("document_type")]),
                FieldRowPanel([FieldPanel("owner_department"), FieldPanel("review_interval_months")]),
                FieldPanel("clauses"),
                FieldRowPanel([FieldPanel("national_code"), FieldPanel("publication")]),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("body"),
    ]
    change_panels = [
        MultiFieldPanel([FieldPanel("change_type"), FieldPanel("change_summary")], heading=_("This change")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(change_panels, heading=_("Change")),
            ObjectList(ADDRESS_PANELS, heading=ADDRESS_TAB_HEADING),
        ]
    )
    parent_page_types = ["procedures.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("controlled document")
        verbose_name_plural = _("controlled documents")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "code"],
                condition=~models.Q(code=""),
                name="unique_document_code_per_library",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def get_admin_display_title(self):
        """The admin names a document by its code and title, as its readers do: in the library's
        lists (where the code sorts and tells documents apart), choosers, breadcrumbs and headers, written
        "QT-05 – title" as on the dashboard."""
        title = super().get_admin_display_title()
        return f"{self.code} – {title}" if self.code else title

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.title:
            self.slug = vietnamese.slug(self.title)
        self._set_library()
        if self.library:
            from procedures.models.numbering import lock_codes

            lock_codes(self.library)
        if not self.code and self.document_type_id and self.library:
            self.code = self.document_type.propose_code(self.library)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.pk:
            issued_code = self.issues.order_by("pk").values_list("code", flat=True).first()
            if issued_code and self.code != issued_code:
                raise ValidationError(
                    {"code": _("The code is frozen since the first issue (%(code)s).") % {"code": issued_code}}
                )
        if self.code and self.library:
            clash = ControlledDocumentPage.objects.filter(library=self.library, code=self.code).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"code": _("Another document of this agency already has the code %(code)s.") % {"code": self.code}}
                )

    def save(self, *args, **kwargs):
        self._set_library()
        super().save(*args, **kwargs)

    @transaction.atomic
    def save_revision(self, user=None, *args, overwrite_revision=None, **kwargs):
        """Wagtail's save_revision, except that a signed, issued or under-review revision is never
        overwritten (a new revision is made instead), and a save during a round starts it again."""
        from procedures.models import authorship

        if overwrite_revision is not None and authorship.is_protected(overwrite_revision):
            overwrite_revision = None
        revision = super().save_revision(user, *args, overwrite_revision=overwrite_revision, **kwargs)
        authorship.on_new_revision(self, revision, user)
        return revision

    def _set_library(self):
        if self.library_id is None:
            parent = self.get_parent() if self.pk or self.depth else None
            if parent is not None:
                self.library = LibraryPage.objects.ancestor_of(parent, inclusive=True).first()

    def permissions_for_user(self, user):
        return DepartmentPagePermissionTester(user, self)

    @cached_property
    def agency_id(self):
        """The agency whose library holds the document."""
        return LibraryPage.objects.filter(pk=self.library_id).values_list("agency_id", flat=True).first()

    # Reading ------------------------------------------------------------

    @cached_property
    def current_issue(self):
        return self.issues.filter(status=IssueStatus.CURRENT).first()

    @property
    def effective_review_interval(self):
        return self.review_interval_months or self.document_type.review_interval_months

    def get_issue_or_404(self, edition, amendment):
        try:
            return self.issues.get(edition=edition, amendment=amendment)
        except Issue.DoesNotExist as exc:
            raise Http404 from exc

    @path("")
    def current(self, request):
        return page_view("current")(request, self)

    @path("lan/<id:edition>-<id:amendment>/")
    def issue_view(self, request, edition, amendment):
        return page_view("issue_view")(request, self, edition, amendment)

    @path("pdf/")
    def current_pdf(self, request):
        return page_view("current_pdf")(request, self)

    @path("word/")
    def current_docx(self, request):
        return page_view("current_docx")(request, self)

    @path("lan/<id:edition>-<id:amendment>/pdf/")
    def issue_pdf(self, request, edition, amendment):
        return page_view("issue_pdf")(request, self, edition, amendment)

    @path("so-sanh/")
    def compare(self, request):
        return page_view("compare")(request, self)


class DepartmentPagePermissionTester(PagePermissionTester):
    """Department heads hold edit rights on the whole library through their
    group, narrowed here to the sections and documents of their own department."""

    def _outside_own_department(self):
        user = self.user
        if not user.is_active or not roles.has_role(user, roles.DEPARTMENT_HEAD):
            return False
        page = self.page.specific_deferred
        department_id = getattr(page, "owner_department_id", None) or getattr(page, "department_id", None)
        return not scope.covers(user, department_id, scope.MANAGED_BY_ALL)

    def can_edit(self):
        return super().can_edit() and not self._outside_own_department()

    def can_add_subpage(self):
        return super().can_add_subpage() and not self._outside_own_department()

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk) and not self._outside_own_department()

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and not self._outside_own_department()
