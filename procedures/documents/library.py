"""Setting up an agency's library: its approval workflow and page permissions."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from qms import roles

WORKFLOW_NAME = "Phê duyệt tài liệu"

# Page rights on the library subtree. Nobody publishes directly: publication
# happens only when an approver signs (procedures.lifecycle.issuing). Nobody deletes.
LIBRARY_PAGE_PERMISSIONS = {
    roles.ISO_SECRETARY: ["add_page", "change_page", "lock_page", "unlock_page"],
    roles.DEPARTMENT_HEAD: ["add_page", "change_page"],
}


def set_up_library(library):
    """Attach the approval workflow and the roles' page rights. Safe to run again."""
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    for role, codenames in LIBRARY_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=library,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
