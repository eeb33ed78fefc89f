"""Document control's registrations with the Wagtail admin; what they register lives in procedures.admin."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.signals import init_new_page
from wagtail.snippets.models import register_snippet

from procedures.admin import dashboard, menus, new_documents, pages, viewsets


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("", include("procedures.admin.urls"))]


hooks.register("before_create_page", new_documents.choose_type_first)
init_new_page.connect(new_documents.start_from_structure, dispatch_uid="procedures_start_from_structure")
hooks.register("before_edit_page", pages.note_revision_before_edit)
hooks.register("after_edit_page", pages.apply_public_fields_at_once)
hooks.register("after_edit_page", pages.go_to_signing_page)
hooks.register("before_delete_page", pages.never_delete_issued_documents)
hooks.register("before_serve_document", pages.serve_only_files_of_current_issues)
hooks.register("register_page_header_buttons", pages.document_control_buttons)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("procedures.signatures_voided")(pages.SignaturesVoided)


@hooks.register("register_page_listing_more_buttons")
def page_listing_copies_button(page, user, next_url=None):
    if button := menus.copies_button(page, user, priority=45):
        yield button


@hooks.register("register_page_header_buttons")
def page_header_copies_button(page, user, view_name=None, next_url=None):
    if button := menus.copies_button(page, user, priority=62):
        yield button


hooks.register("register_page_action_menu_item", menus.WithdrawMenuItem)
hooks.register("register_reports_menu_item", menus.register_menu_item)
hooks.register("register_reports_menu_item", menus.copy_register_menu_item)
hooks.register("register_reports_menu_item", menus.exports_menu_item)
hooks.register("register_reports_menu_item", menus.reviews_due_menu_item)
hooks.register("register_reports_menu_item", menus.reading_menu_item)
hooks.register("register_admin_menu_item", menus.word_import_menu_item)
hooks.register("construct_homepage_panels", dashboard.add_panels)
hooks.register("register_admin_viewset", lambda: viewsets.DocumentTypeViewSet("document_types"))
hooks.register("register_admin_viewset", lambda: viewsets.DocumentListingViewSet("controlled_documents"))
hooks.register("register_admin_viewset", lambda: viewsets.IssueViewSet("issues"))

for model in viewsets.READ_ONLY_IN_ADMIN:
    register_permission_policy(model, viewsets.ReadOnlyInAdminPolicy(model), exact_class=True)
register_snippet(viewsets.DocumentControlGroup)
