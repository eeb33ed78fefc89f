"""Every URL of the project, requested as every role: the answer each one gets.

The URL patterns come from the resolver (tests/qms/url_walk.py), so a new view
is walked automatically; it must then be given a row in MATRIX below (or be a
Wagtail view covered by the rules), otherwise test_every_url_is_classified
fails naming it. To print the rows as they are today (to review and paste):

    URL_MATRIX_RECORD=1 .venv/bin/pytest -p no:xdist tests/qms/test_url_permissions.py -q -s -k matrix
"""

import os

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import override_settings

from tests.qms import url_walk
from tests.qms.url_org import load_org
from tests.qms.url_walk import ROLES

# Status strings list one answer per role, in the order of url_walk.ROLES:
#   anonymous staff head secretary approver auditor superuser
# "L" is a redirect to the sign-in page; other codes are the HTTP status.
# Each row: route -> (GET answers, POST answers or None for a read-only view that
# answers POST with 405), # URL name.
MATRIX = {
    "healthz/": ("200 200 200 200 200 200 200", None),  # healthz
    "verify/": ("200 200 200 200 200 200 200", "400 400 400 400 400 400 400"),  # verify_home
    "verify/<str:code>/": ("404 404 404 404 404 404 404", None),  # verify_copy
    "admin/failwhale/": ("404 404 404 404 404 404 404", "404 404 404 404 404 404 404"),  # wagtailadmin_failwhale_absent
    "admin/qms/sign/<id:task_state_id>/": ("L L 302 200 302 302 302", "L L 302 200 302 302 302"),  # procedures_sign
    "admin/qms/withdraw/<id:page_id>/": ("L L 302 302 200 302 302", "L L 302 302 200 302 302"),  # procedures_withdraw
    "admin/qms/register/": ("L L 200 200 200 200 200", None),  # procedures_register
    "admin/qms/register/results/": ("L L 200 200 200 200 200", None),  # procedures_register_results
    "admin/qms/copies/<id:page_id>/": (
        "L L 200 200 200 200 200",
        "L L 302 200 302 302 200",
    ),  # procedures_document_copies
    "admin/qms/controlled-copies/": ("L L 302 200 200 200 200", "L L 302 404 302 302 404"),  # procedures_copy_register
    "admin/qms/controlled-copies/<id:copy_id>/pdf/": (
        "L L 302 200 200 200 200",
        "L L 302 200 200 200 200",
    ),  # procedures_controlled_copy_pdf
    "admin/qms/exports/": ("L L 302 200 200 200 200", "L L 302 200 302 302 200"),  # procedures_exports
    "admin/qms/exports/<id:export_id>/": (
        "L L 302 200 200 200 200",
        "L L 302 200 200 200 200",
    ),  # procedures_export_status
    "admin/qms/exports/<id:export_id>/download/": (
        "L L 302 200 200 200 200",
        "L L 302 200 200 200 200",
    ),  # procedures_export_download
    "admin/external_documents/": ("L L 200 200 200 200 200", None),  # external_documents:index
    "admin/external_documents/results/": ("L L 200 200 200 200 200", None),  # external_documents:index_results
    "admin/external_documents/new/": ("L L 302 200 302 302 200", "L L 302 200 302 302 200"),  # external_documents:add
    "admin/external_documents/edit/<int:pk>/": (
        "L L 302 200 302 302 200",
        "L L 302 200 302 302 200",
    ),  # external_documents:edit
    "admin/external_documents/delete/<int:pk>/": (
        "L L 302 302 302 302 200",
        "L L 302 302 302 302 302",
    ),  # external_documents:delete
    "admin/external_documents/history/<int:pk>/": ("L L 200 200 200 200 200", None),  # external_documents:history
    "admin/external_documents/history-results/<int:pk>/": (
        "L L 200 200 200 200 200",
        None,
    ),  # external_documents:history_results
    "admin/external_documents/usage/<int:pk>/": ("L L 302 200 302 302 200", None),  # external_documents:usage
    "admin/external_documents/inspect/<int:pk>/": ("L L 200 200 200 200 200", None),  # external_documents:inspect
    "admin/external_documents/copy/<int:pk>/": (
        "L L 302 200 302 302 200",
        "L L 302 200 302 302 200",
    ),  # external_documents:copy
    "admin/snippets/procedures/recordtype/": (
        "L L 200 200 200 200 200",
        None,
    ),  # wagtailsnippets_procedures_recordtype:list
    "admin/snippets/procedures/recordtype/results/": (
        "L L 200 200 200 200 200",
        None,
    ),  # wagtailsnippets_procedures_recordtype:list_results
    "admin/snippets/procedures/recordtype/add/": (
        "L L 302 200 302 302 200",
        "L L 302 200 302 302 200",
    ),  # wagtailsnippets_procedures_recordtype:add
    "admin/snippets/procedures/recordtype/edit/<int:pk>/": (
        "L L 302 200 302 302 200",
        "L L 302 200 302 302 200",
    ),  # wagtailsnippets_procedures_recordtype:edit
    "admin/snippets/procedures/recordtype/delete/<int:pk>/": (
        "L L 302 302 302 302 200",
        "L L 302 302 302 302 302",
    ),  # wagtailsnippets_procedures_recordtype:delete
    "admin/snippets/procedures/recordtype/usage/<int:pk>/": (
        "L L 302 200 302 302 200",
        None,
    ),  # wagtailsnippets_procedures_recordtype:usage
    "admin/snippets/procedures/recordtype/history/<int:pk>/": (
        "L L 200 200 200 200 200",
        None,
    ),  # wagtailsnippets_procedures_recordtype:history
    "admin/snippets/procedures/recordtype/history-results/<int:pk>/": (
        "L L 200 200 200 200 200",
        None,
    ),  # wagtailsnippets_procedures_recordtype:history_results
    "admin/snippets/procedures/recordtype/copy/<int:pk>/": (
        "L L 302 200 302 302 200",
        "L L 302 200 302 302 200",
    ),  # wagtailsnippets_procedures_recordtype:copy
    "admin/snippets/procedures/recordtype/inspect/<int:pk>/": (
        "L L 200 200 200 200 200",
        None,
    ),  # wagtailsnippets_procedures_recordtype:inspect
    "admin/snippets/choose/procedures/recordtype/": (
        "L L 200 200 200 200 200",
        None,
    ),  # wagtailsnippetchoosers_procedures_recordtype:choose
    "admin/snippets/choose/procedures/recordtype/results/": (
        "L L 200 200 200 200 200",
        None,
    ),  # wagtailsnippetchoosers_procedures_recordtype:choose_results
    "admin/snippets/choose/procedures/recordtype/chosen/<str:pk>/": (
        "L L 200 200 200 200 200",
        None,
    ),  # wagtailsnippetchoosers_procedures_recordtype:chosen
    "admin/snippets/choose/procedures/recordtype/chosen-multiple/": (
        "L L 200 200 200 200 200",
        None,
    ),  # wagtailsnippetchoosers_procedures_recordtype:chosen_multiple
    "admin/snippets/choose/procedures/recordtype/create/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # wagtailsnippetchoosers_procedures_recordtype:create
    "admin/change_requests/": ("L L 200 200 200 200 200", None),  # change_requests:index
    "admin/change_requests/results/": ("L L 200 200 200 200 200", None),  # change_requests:index_results
    "admin/change_requests/new/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # change_requests:add
    "admin/change_requests/edit/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # change_requests:edit
    "admin/change_requests/delete/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # change_requests:delete
    "admin/change_requests/history/<int:pk>/": ("L L 302 200 200 200 200", None),  # change_requests:history
    "admin/change_requests/history-results/<int:pk>/": (
        "L L 302 200 200 200 200",
        None,
    ),  # change_requests:history_results
    "admin/change_requests/usage/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # change_requests:usage
    "admin/change_requests/inspect/<int:pk>/": ("L L 302 200 200 200 200", None),  # change_requests:inspect
    "admin/change_requests/copy/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # change_requests:copy
    "admin/periodic_reviews/": ("L L 200 200 200 200 200", None),  # periodic_reviews:index
    "admin/periodic_reviews/results/": ("L L 200 200 200 200 200", None),  # periodic_reviews:index_results
    "admin/periodic_reviews/new/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # periodic_reviews:add
    "admin/periodic_reviews/edit/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # periodic_reviews:edit
    "admin/periodic_reviews/delete/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # periodic_reviews:delete
    "admin/periodic_reviews/history/<int:pk>/": ("L L 302 200 200 200 200", None),  # periodic_reviews:history
    "admin/periodic_reviews/history-results/<int:pk>/": (
        "L L 302 200 200 200 200",
        None,
    ),  # periodic_reviews:history_results
    "admin/periodic_reviews/usage/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # periodic_reviews:usage
    "admin/periodic_reviews/inspect/<int:pk>/": ("L L 302 200 200 200 200", None),  # periodic_reviews:inspect
    "admin/periodic_reviews/copy/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # periodic_reviews:copy
    "admin/review_flags/": ("L L 200 200 200 200 200", None),  # review_flags:index
    "admin/review_flags/results/": ("L L 200 200 200 200 200", None),  # review_flags:index_results
    "admin/review_flags/new/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # review_flags:add
    "admin/review_flags/edit/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # review_flags:edit
    "admin/review_flags/delete/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # review_flags:delete
    "admin/review_flags/history/<int:pk>/": ("L L 302 200 200 200 200", None),  # review_flags:history
    "admin/review_flags/history-results/<int:pk>/": ("L L 302 200 200 200 200", None),  # review_flags:history_results
    "admin/review_flags/usage/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # review_flags:usage
    "admin/review_flags/inspect/<int:pk>/": ("L L 302 200 200 200 200", None),  # review_flags:inspect
    "admin/review_flags/copy/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # review_flags:copy
    "admin/acknowledgements/": ("L L 200 200 200 200 200", None),  # acknowledgements:index
    "admin/acknowledgements/results/": ("L L 200 200 200 200 200", None),  # acknowledgements:index_results
    "admin/acknowledgements/new/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # acknowledgements:add
    "admin/acknowledgements/edit/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # acknowledgements:edit
    "admin/acknowledgements/delete/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # acknowledgements:delete
    "admin/acknowledgements/history/<int:pk>/": ("L L 302 200 200 200 200", None),  # acknowledgements:history
    "admin/acknowledgements/history-results/<int:pk>/": (
        "L L 302 200 200 200 200",
        None,
    ),  # acknowledgements:history_results
    "admin/acknowledgements/usage/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # acknowledgements:usage
    "admin/acknowledgements/inspect/<int:pk>/": ("L L 302 200 200 200 200", None),  # acknowledgements:inspect
    "admin/acknowledgements/copy/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # acknowledgements:copy
    "admin/document_types/": ("L L 200 200 200 200 200", None),  # document_types:index
    "admin/document_types/results/": ("L L 200 200 200 200 200", None),  # document_types:index_results
    "admin/document_types/new/": ("L L 302 200 302 302 200", "L L 302 200 302 302 200"),  # document_types:add
    "admin/document_types/edit/<int:pk>/": (
        "L L 302 200 302 302 200",
        "L L 302 200 302 302 200",
    ),  # document_types:edit
    "admin/document_types/delete/<int:pk>/": (
        "L L 302 302 302 302 200",
        "L L 302 302 302 302 302",
    ),  # document_types:delete
    "admin/document_types/history/<int:pk>/": ("L L 302 200 302 302 200", None),  # document_types:history
    "admin/document_types/history-results/<int:pk>/": (
        "L L 302 200 302 302 200",
        None,
    ),  # document_types:history_results
    "admin/document_types/usage/<int:pk>/": ("L L 302 200 302 302 200", None),  # document_types:usage
    "admin/document_types/copy/<int:pk>/": (
        "L L 302 200 302 302 200",
        "L L 302 200 302 302 200",
    ),  # document_types:copy
    "admin/issues/": ("L L 200 200 200 200 200", None),  # issues:index
    "admin/issues/results/": ("L L 200 200 200 200 200", None),  # issues:index_results
    "admin/issues/new/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # issues:add
    "admin/issues/edit/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # issues:edit
    "admin/issues/delete/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # issues:delete
    "admin/issues/history/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # issues:history
    "admin/issues/history-results/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # issues:history_results
    "admin/issues/usage/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # issues:usage
    "admin/issues/inspect/<int:pk>/": ("L L 200 200 200 200 200", None),  # issues:inspect
    "admin/issues/copy/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # issues:copy
    "admin/audits/programme/": ("L L 302 200 200 200 200", None),  # audits_programme:index
    "admin/audits/programme/results/": ("L L 302 200 200 200 200", None),  # audits_programme:index_results
    "admin/audits/programme/new/": ("L L 302 302 302 200 200", "L L 302 302 302 200 200"),  # audits_programme:add
    "admin/audits/programme/edit/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # audits_programme:edit
    "admin/audits/programme/history/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_programme:history
    "admin/audits/programme/history-results/<int:pk>/": (
        "L L 302 302 302 200 200",
        None,
    ),  # audits_programme:history_results
    "admin/audits/programme/usage/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_programme:usage
    "admin/audits/programme/detail/<id:pk>/": (
        "L L 302 200 200 200 200",
        "L L 302 200 200 200 200",
    ),  # audits_programme:detail
    "admin/audits/programme/approve/<id:pk>/": (
        "L L 405 405 405 405 405",
        "L L 302 302 302 302 302",
    ),  # audits_programme:approve
    "admin/audits/audit/": ("L L 302 200 200 200 200", None),  # audits_audit:index
    "admin/audits/audit/results/": ("L L 302 200 200 200 200", None),  # audits_audit:index_results
    "admin/audits/audit/new/": ("L L 302 302 302 200 200", "L L 302 302 302 200 200"),  # audits_audit:add
    "admin/audits/audit/edit/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # audits_audit:edit
    "admin/audits/audit/history/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_audit:history
    "admin/audits/audit/history-results/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_audit:history_results
    "admin/audits/audit/usage/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_audit:usage
    "admin/audits/audit/detail/<id:pk>/": (
        "L L 200 200 200 200 200",
        "L L 200 200 200 200 200",
    ),  # audits_audit:detail
    "admin/audits/audit/move/<id:pk>/<str:transition>/": (
        "L L 405 405 405 405 405",
        "L L 302 302 302 302 302",
    ),  # audits_audit:transition
    "admin/audits/audit/checklist/<id:pk>/build/": (
        "L L 405 405 405 405 405",
        "L L 302 302 302 400 400",
    ),  # audits_audit:checklist_build
    "admin/audits/audit/checklist/<id:pk>/add/": (
        "L L 405 405 405 405 405",
        "L L 302 302 302 400 400",
    ),  # audits_audit:checklist_add
    "admin/audits/audit/report/<id:pk>/": (
        "L L 302 200 302 200 200",
        "L L 302 200 302 200 200",
    ),  # audits_audit:report
    "admin/audits/question/": ("L L 302 200 302 200 200", None),  # audits_question:index
    "admin/audits/question/results/": ("L L 302 200 302 200 200", None),  # audits_question:index_results
    "admin/audits/question/new/": ("L L 302 302 302 200 200", "L L 302 302 302 200 200"),  # audits_question:add
    "admin/audits/question/edit/<int:pk>/": (
        "L L 302 302 302 200 200",
        "L L 302 302 302 200 200",
    ),  # audits_question:edit
    "admin/audits/question/history/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_question:history
    "admin/audits/question/history-results/<int:pk>/": (
        "L L 302 302 302 200 200",
        None,
    ),  # audits_question:history_results
    "admin/audits/question/usage/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_question:usage
    "admin/audits/finding/": ("L L 302 200 302 200 200", None),  # audits_finding:index
    "admin/audits/finding/results/": ("L L 302 200 302 200 200", None),  # audits_finding:index_results
    "admin/audits/finding/new/": ("L L 302 302 302 200 200", "L L 302 302 302 200 200"),  # audits_finding:add
    "admin/audits/finding/edit/<int:pk>/": (
        "L L 302 302 302 302 302",
        "L L 302 302 302 302 302",
    ),  # audits_finding:edit
    "admin/audits/finding/history/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_finding:history
    "admin/audits/finding/history-results/<int:pk>/": (
        "L L 302 302 302 200 200",
        None,
    ),  # audits_finding:history_results
    "admin/audits/finding/usage/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_finding:usage
    "admin/audits/finding/export/": ("L L 302 200 302 200 200", "L L 302 200 302 200 200"),  # audits_finding:export
    "admin/audits/finding/raise-action/<id:pk>/": (
        "L L 405 405 405 405 405",
        "L L 302 302 302 302 302",
    ),  # audits_finding:raise_action
    "admin/audits/action/": ("L L 200 200 302 200 200", None),  # audits_action:index
    "admin/audits/action/results/": ("L L 200 200 302 200 200", None),  # audits_action:index_results
    "admin/audits/action/new/": ("L L 302 302 302 200 200", "L L 302 302 302 200 200"),  # audits_action:add
    "admin/audits/action/edit/<int:pk>/": ("L L 302 302 302 302 302", "L L 302 302 302 302 302"),  # audits_action:edit
    "admin/audits/action/history/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_action:history
    "admin/audits/action/history-results/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_action:history_results
    "admin/audits/action/usage/<int:pk>/": ("L L 302 302 302 200 200", None),  # audits_action:usage
    "admin/audits/action/export/": ("L L 302 200 302 200 200", "L L 302 200 302 200 200"),  # audits_action:export
    "khac-phuc/": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),  # audits:action_list
    "khac-phuc/<id:pk>/": ("L 403 200 200 403 200 200", "L 403 200 200 403 200 200"),  # audits:action_detail
    "khac-phuc/<id:pk>/ke-hoach/": ("L 405 405 405 405 405 405", "L 403 400 403 403 403 403"),  # audits:action_plan
    "khac-phuc/<id:pk>/thuc-hien/": (
        "L 405 405 405 405 405 405",
        "L 403 400 403 403 403 403",
    ),  # audits:action_implement
    "khac-phuc/<id:pk>/xac-nhan/": ("L 405 405 405 405 405 405", "L 403 403 403 403 400 400"),  # audits:action_verify
    "khac-phuc/<id:pk>/dong/": ("L 405 405 405 405 405 405", "L 403 403 403 403 302 302"),  # audits:action_close
    "khac-phuc/danh-gia/<id:audit_pk>/": (
        "L 403 403 403 403 200 200",
        "L 403 403 403 403 200 200",
    ),  # audits:checklist
    "khac-phuc/danh-gia/<id:audit_pk>/<id:position>/": (
        "L 403 403 403 403 200 200",
        "L 403 403 403 403 400 400",
    ),  # audits:checklist_item
    "khac-phuc/bang-chung/<id:pk>/": (
        "L 404 200 200 200 200 200",
        "L 404 200 200 200 200 200",
    ),  # audits:evidence_file
    "kiem-soat/yeu-cau-sua-doi/": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),  # control:change_requests
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/": (
        "L 200 403 200 200 200 200",
        "L 200 403 200 200 200 200",
    ),  # control:change_request
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/quyet-dinh/": (
        "L 405 405 405 405 405 405",
        "L 403 403 302 403 403 302",
    ),  # control:decide
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/dua-vao-du-thao/": (
        "L 405 405 405 405 405 405",
        "L 403 403 302 403 403 302",
    ),  # control:take_into_draft
    "kiem-soat/yeu-cau-sua-doi/<id:pk>/tep/": (
        "L 200 403 200 200 200 200",
        "L 200 403 200 200 200 200",
    ),  # control:attachment
    "kiem-soat/tai-lieu/<id:document_id>/de-nghi-sua-doi/": (
        "L 200 200 200 200 200 200",
        "L 200 200 200 200 200 200",
    ),  # control:raise
    "kiem-soat/tai-lieu/<id:document_id>/yeu-cau-sua-doi/": (
        "L 403 403 200 200 200 200",
        "L 403 403 200 200 200 200",
    ),  # control:document_change_requests
    "kiem-soat/tai-lieu/<id:document_id>/": (
        "L 403 403 200 200 200 200",
        "L 403 403 200 200 200 200",
    ),  # control:document
    "kiem-soat/tai-lieu/<id:document_id>/phan-phoi/": (
        "L 405 405 405 405 405 405",
        "L 403 403 302 403 403 302",
    ),  # control:distribution
    "kiem-soat/tai-lieu/<id:document_id>/can-cu/": (
        "L 405 405 405 405 405 405",
        "L 403 403 302 403 403 302",
    ),  # control:add_citation
    "kiem-soat/tai-lieu/<id:document_id>/can-cu/<id:pk>/xoa/": (
        "L 405 405 405 405 405 405",
        "L 403 403 302 403 403 302",
    ),  # control:remove_citation
    "kiem-soat/tai-lieu/<id:document_id>/xem-xet/": (
        "L 403 403 200 200 200 200",
        "L 403 403 200 200 403 200",
    ),  # control:review
    "kiem-soat/tai-lieu/<id:document_id>/nguoi-doc/": (
        "L 403 200 200 200 200 200",
        "L 403 200 200 200 200 200",
    ),  # control:readers
    "kiem-soat/xem-xet-dinh-ky/": ("L 403 200 200 200 200 200", "L 403 200 200 200 200 200"),  # control:review_due
    "kiem-soat/tai-lieu-can-doc/": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),  # control:reading_list
    "kiem-soat/tai-lieu-can-doc/<id:pk>/xac-nhan/": (
        "L 405 405 405 405 405 405",
        "L 302 403 403 403 403 403",
    ),  # control:confirm_reading
    "kiem-soat/doc-hieu/": ("L 403 200 200 200 200 200", "L 403 200 200 200 200 200"),  # control:reading_completion
    "kiem-soat/tai-lieu-ben-ngoai/": (
        "L 200 200 200 200 200 200",
        "L 200 200 200 200 200 200",
    ),  # control:external_documents
    "kiem-soat/tai-lieu-ben-ngoai/<id:pk>/": (
        "L 200 200 200 200 200 200",
        "L 200 200 200 200 200 200",
    ),  # control:external_document
    "kiem-soat/tai-lieu-ben-ngoai/<id:pk>/tep/": (
        "L 200 200 200 200 200 200",
        "L 200 200 200 200 200 200",
    ),  # control:external_file
    "kiem-soat/danh-muc-ho-so/": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),  # control:records
    "thong-bao/": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),  # notifications
    "thong-bao/<id:pk>/mo/": ("L 405 405 405 405 405 405", "L 404 404 302 404 404 404"),  # open_notification
    "thong-bao/da-doc-het/": ("L 405 405 405 405 405 405", "L 302 302 302 302 302 302"),  # mark_all_notifications_read
    "media/<path:path>": ("L 404 404 404 404 404 404", None),  # media_file
    "": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),  # portal
    "search/": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),  # portal_search
}

# Anonymous people reach these and nothing else (besides static files).
PUBLIC_ROUTES = {
    "healthz/",
    "dang-nhap/",
    "dang-xuat/",
    "verify/",
    "verify/<str:code>/",
    "i18n/setlang/",
    "admin/login/",
    "admin/password_reset/",
    "admin/password_reset/done/",
    "admin/password_reset/confirm/<uidb64>/<token>/",
    "admin/password_reset/complete/",
    "admin/sprite/",
    "admin/jsi18n/",
    "_util/login/",
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
    "documents/authenticate_with_password/<int:restriction_id>/",
}


def walked_routes():
    return list(url_walk.iter_routes())


@pytest.fixture(scope="module")
def walk_media(tmp_path_factory):
    return tmp_path_factory.mktemp("walk-media")


@pytest.fixture(autouse=True)
def _media_root(settings, walk_media):
    """The demo's files stay where the module fixture wrote them."""
    settings.MEDIA_ROOT = walk_media


@pytest.fixture(scope="module")
def org(django_db_setup, django_db_blocker, walk_media):
    """The demo agency, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=walk_media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_org()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_background_work(settings):
    """PDF exports started by a POST would render every issue: record them only."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def login_path():
    return resolve_url(django_settings.LOGIN_URL)


def path_for(route, values):
    params = dict(values["generic"])
    params.update(values["by_name"].get(route.name, {}))
    if route.model is not None and "pk" not in values["by_name"].get(route.name, {}):
        obj = route.model._default_manager.order_by("pk").first()
        params["pk"] = obj.pk if obj else 999999
    params.setdefault("pk", 999999)
    for name in route.params:
        params.setdefault(name, 1 if "id" in name or name == "pk" else "x")
    return url_walk.build_path(route, params, values["literal_paths"])


def walk(org, routes, methods=("get",), roles=ROLES):
    clients, values = org
    where = login_path()
    answers = {}
    for route in routes:
        path = path_for(route, values)
        for method in methods:
            answers[(route.route, method)] = [url_walk.request(clients[role], method, path, where) for role in roles]
    return answers


def wagtail_rule(route, row):
    """Wagtail's own admin views: signed-in admin users may be refused, never fail."""
    problems = []
    anonymous, staff, *admin_users = row
    if route.route not in PUBLIC_ROUTES and route.route.startswith("admin/") and anonymous != "L":
        problems.append(f"anonymous got {anonymous}, expected a redirect to sign-in")
    if route.route.startswith("admin/") and route.route not in PUBLIC_ROUTES and staff not in ("L", "403", "404"):
        problems.append(f"staff (no admin access) got {staff}")
    return problems


def project_routes():
    return [r for r in url_walk.iter_routes() if r.is_project or r.route in MATRIX]


def unclassified_routes():
    return [str(r) for r in url_walk.iter_routes() if not classified(r)]


def test_every_url_is_classified():
    """A URL pattern with neither a row nor a rule fails here, by name."""
    unclassified = unclassified_routes()
    assert unclassified == [], "URL patterns missing from the permission matrix: " + ", ".join(unclassified)


@override_settings(ROOT_URLCONF="tests.qms.urls_with_new_views")
def test_a_new_view_without_a_row_is_named_as_unclassified():
    assert unclassified_routes() == [
        "kiem-soat/tinh-nang-moi/ (new_portal_view)",
        "admin/qms/man-hinh-moi/ (new_admin_view)",
    ]


def classified(route):
    if route.route in MATRIX:
        return True
    if route.is_project:
        return False
    # Rules: Wagtail's own views (admin, documents, images, page serving), and
    # anything else Wagtail's admin URLconf includes (its test pages).
    return route.module.startswith("wagtail.") or route.route.startswith("admin/") or route.route in PUBLIC_ROUTES


@pytest.mark.django_db
def test_project_urls_answer_each_role_as_the_matrix_says(org):
    routes = project_routes()
    recording = bool(os.environ.get("URL_MATRIX_RECORD"))
    answers = walk(org, routes)
    posted = [r for r in routes if recording or MATRIX[r.route][1] is not None]
    answers.update(walk(org, posted, methods=("post",)))
    if recording:
        for route in routes:
            get = " ".join(answers[(route.route, "get")])
            post = answers[(route.route, "post")]
            post = " ".join(post) if post_tells_something(post) else None
            print(f"    {route.route!r}: ({get!r}, {post!r}),  # {route.name}")
        return
    wrong = []
    for route in routes:
        expected_get, expected_post = MATRIX[route.route]
        for method, expected in (("get", expected_get), ("post", expected_post)):
            if expected is None:
                continue
            got = answers[(route.route, method)]
            if got != expected.split():
                wrong.append(f"{method.upper()} {route}: expected {expected}, got {' '.join(got)}")
    assert wrong == [], "\n".join(wrong)


def post_tells_something(answers):
    """A read-only view refuses POST (405) to whoever may read it: its POST row is left out."""
    return not ("405" in answers and set(answers) <= {"L", "302", "405"})


@pytest.mark.django_db
def test_wagtail_urls_never_fail_and_are_closed_to_anonymous_and_staff(org):
    routes = [r for r in walked_routes() if not r.is_project and r.route not in MATRIX]
    answers = walk(org, routes)
    problems = []
    for route in routes:
        row = answers[(route.route, "get")]
        failures = [f"{role}: {answer}" for role, answer in zip(ROLES, row, strict=True) if answer.startswith("500")]
        problems += [f"{route}: {f}" for f in failures]
        problems += [f"{route}: {p}" for p in wagtail_rule(route, row)]
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_anonymous_reaches_only_public_urls(org):
    """Every answer to anonymous outside the public list is a sign-in redirect or a 404/405."""
    routes = walked_routes()
    answers = walk(org, routes, roles=("anonymous",))
    leaks = []
    for route in routes:
        anonymous = answers[(route.route, "get")][0]
        if route.route in PUBLIC_ROUTES:
            continue
        if anonymous not in ("L", "404", "405"):
            leaks.append(f"{route}: {anonymous}")
    assert leaks == [], "\n".join(leaks)
