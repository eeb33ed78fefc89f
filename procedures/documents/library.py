"""Setting up an agency's library: the page, its approval workflow, page permissions and document types."""

from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, Page, Site, Workflow, WorkflowPage

from procedures.migrations_data import DOCUMENT_TYPES
from procedures.models import DocumentType, LibraryPage
from qms import roles

WORKFLOW_NAME = "Phê duyệt tài liệu"
LIBRARY_TITLE = "Thư viện tài liệu ISO"
FIRST_LIBRARY_SLUG = "thu-vien"

# Page rights on the library subtree, held by the agency's own groups
# (qms.agencies). Nobody publishes directly: publication happens only when an
# approver signs (procedures.lifecycle.issuing). Nobody deletes.
LIBRARY_PAGE_PERMISSIONS = {
    roles.ISO_SECRETARY: ["add_page", "change_page", "lock_page", "unlock_page"],
    roles.DEPARTMENT_HEAD: ["add_page", "change_page"],
}


def set_up_library(library):
    """Attach the approval workflow and the agency groups' page rights, and no other group's. Safe to run again."""
    from qms.models import AgencyGroup

    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    groups = {link.role: link.group for link in AgencyGroup.objects.filter(agency_id=library.agency_id)}
    wanted = set()
    for role, codenames in LIBRARY_PAGE_PERMISSIONS.items():
        if role not in groups:
            continue
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            grant, _created = GroupPagePermission.objects.get_or_create(
                group=groups[role], page=library, permission=permission
            )
            wanted.add(grant.pk)
    # Rights the role groups held before agencies existed would reach every agency's library.
    GroupPagePermission.objects.filter(page=library).exclude(pk__in=wanted).delete()


def library_of(agency):
    """The agency's library, made under the default site's home page if it has none yet."""
    library = LibraryPage.objects.filter(agency=agency).first()
    if library is not None:
        return library
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else Page.objects.get(depth=1)
    taken = home.get_children().filter(slug=FIRST_LIBRARY_SLUG).exists()
    return home.add_child(
        instance=LibraryPage(
            title=LIBRARY_TITLE if not taken else f"{LIBRARY_TITLE} – {agency.agency_name}",
            slug=agency.code if taken else FIRST_LIBRARY_SLUG,
            agency=agency,
        )
    )


def set_up_agency(agency):
    """Registered with qms.registry.add_agency_set_up: the agency's library and document types."""
    for name, prefix, pattern, months in DOCUMENT_TYPES:
        DocumentType.objects.get_or_create(
            agency=agency,
            prefix=prefix,
            defaults={"name": name, "numbering_pattern": pattern, "review_interval_months": months},
        )
    set_up_library(library_of(agency))
