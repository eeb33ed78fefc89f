"""Document control's own pages in the back office, under /admin/qms/."""

from django.urls import path

from procedures.admin import copies, signing, word_import
from procedures.control import registers
from procedures.copies import downloads, exports

urlpatterns = [
    path("qms/sign/<id:task_state_id>/", signing.sign_task, name="procedures_sign"),
    path("qms/withdraw/<id:page_id>/", signing.withdraw_document, name="procedures_withdraw"),
    path("qms/register/", registers.DocumentRegisterView.as_view(), name="procedures_register"),
    path(
        "qms/register/results/",
        registers.DocumentRegisterView.as_view(results_only=True),
        name="procedures_register_results",
    ),
    path("qms/copies/<id:page_id>/", copies.document_copies, name="procedures_document_copies"),
    path("qms/controlled-copies/", copies.copy_register, name="procedures_copy_register"),
    path(
        "qms/controlled-copies/<id:copy_id>/pdf/",
        downloads.download_controlled_copy,
        name="procedures_controlled_copy_pdf",
    ),
    path("qms/exports/", exports.export_list, name="procedures_exports"),
    path("qms/word-import/", word_import.import_documents, name="procedures_word_import"),
    path("qms/word-import/confirm/", word_import.confirm_import, name="procedures_word_import_confirm"),
    path("qms/paper-original/<id:page_id>/", word_import.paper_original, name="procedures_paper_original"),
    path("qms/paper-original/<id:page_id>/scan/", word_import.paper_scan, name="procedures_paper_scan"),
    path("qms/draft-word/<id:page_id>/", word_import.draft_word, name="procedures_draft_docx"),
    path("qms/exports/<id:export_id>/", exports.export_status, name="procedures_export_status"),
    path("qms/exports/<id:export_id>/download/", exports.export_download, name="procedures_export_download"),
]
