from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("Controlled documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from procedures.models import LibraryPage

        register_with_core()
        attach_views_and_forms()

        post_save.connect(set_up_new_library, sender=LibraryPage, dispatch_uid="procedures.set_up_library")
        connect_signed_revisions()
        connect_document_control()

        from procedures.copies import controlled_copies
        from procedures.lifecycle import issuing

        issuing.issue_became_current.connect(
            controlled_copies.on_issue_became_current, dispatch_uid="procedures.copies.issue_became_current"
        )
        issuing.document_withdrawn.connect(
            controlled_copies.on_document_withdrawn, dispatch_uid="procedures.copies.document_withdrawn"
        )

        from procedures.lifecycle import issuing
        from procedures.search import index as search_index

        issuing.issue_became_current.connect(
            search_index.on_issue_became_current, dispatch_uid="procedures.search.index.issue_became_current"
        )
        issuing.document_withdrawn.connect(
            search_index.on_document_withdrawn, dispatch_uid="procedures.search.index.document_withdrawn"
        )


def register_with_core():
    """What document control plugs into the core (qms.registry)."""
    from procedures import daily, notices, roles
    from procedures.models.issues import MUTABLE_FIELDS
    from qms import registry

    daily.register()
    notices.register()
    roles.register()
    # The integrity chain: issues (their status moves are chained through their
    # history), signatures and their voids, acknowledgements.
    registry.track_model("procedures.Issue", mutable_fields=MUTABLE_FIELDS)
    registry.track_model("procedures.Signature")
    registry.track_model("procedures.SignatureVoid")
    registry.track_model("procedures.Acknowledgement")
    registry.track_model(
        "procedures.LegacyRecord", mutable_fields=("scanned_pdf", "in_force", "edition", "amendment", "effective_date")
    )
    registry.add_integrity_check("procedures.lifecycle.integrity_checks.verify_revisions")
    registry.add_integrity_check("procedures.lifecycle.integrity_checks.verify_pages")
    registry.add_stored_file_model("procedures.RenderedCopy")
    registry.add_image_reader("procedures.documents.images.may_see_image")
    registry.add_pending_signature_source("procedures.copies.pending_signatures.waiting_for_the_key")
    registry.add_restore_guard("procedures.Issue")
    registry.add_base_data("procedures.migrations_data.create_document_types_and_workflow")
    registry.add_agency_set_up("procedures.documents.library.set_up_agency")
    registry.add_demo_builder("procedures.demo.documents.build")
    # After the documents demo: it registers holders for whatever demo documents were made.
    registry.add_demo_builder("procedures.demo.controlled_copies.build", order=registry.LATE)
    # Document control goes after the documents demo and copes without it.
    registry.add_demo_builder("procedures.demo.control.build", order=registry.LATE)
    # The province's other libraries and the adoption of its shared procedure, after the Sở Nội vụ's
    # documents and their control (which stay as they are), on the agencies of qms.demo.province.
    registry.add_demo_builder("procedures.demo.province.build", order=registry.LATE)
    # The portal's main menu: Library, (audits' Corrective actions), Documents to read, Change requests.
    registry.add_portal_menu_item(_("Library"), "portal", order=10)
    registry.add_portal_menu_item(_("Documents to read"), "control:reading_list", order=30)
    registry.add_portal_menu_item(_("Change requests"), "control:change_requests", order=40)


def attach_views_and_forms():
    """The pages' views and editor forms live with the portal and the admin."""
    from procedures.admin import editor, steps_grid
    from procedures.portal import pages

    pages.attach()
    editor.attach()
    steps_grid.register_adapter()


def set_up_new_library(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from procedures.documents.library import set_up_library

        set_up_library(instance)


def connect_signed_revisions():
    from django.db.models.signals import pre_save
    from wagtail.models import Revision

    from procedures.models import authorship

    pre_save.connect(
        authorship.refuse_rewriting_a_protected_revision,
        sender=Revision,
        dispatch_uid="procedures.signed_revisions_are_never_rewritten",
    )


def connect_document_control():
    from django.db.models.signals import post_save
    from wagtail.signals import task_submitted

    from procedures.control import signals as control_signals
    from procedures.control.external_documents import on_external_document_lapsed
    from procedures.lifecycle.issuing import issue_became_current
    from procedures.models import Distribution
    from procedures.models.external import external_document_lapsed

    issue_became_current.connect(control_signals.on_issue_became_current, dispatch_uid="procedures.control.issued")
    external_document_lapsed.connect(on_external_document_lapsed, dispatch_uid="procedures.control.lapsed")
    task_submitted.connect(control_signals.on_task_submitted, dispatch_uid="procedures.control.task_submitted")
    post_save.connect(
        control_signals.on_distribution_saved, sender=Distribution, dispatch_uid="procedures.control.dist"
    )
