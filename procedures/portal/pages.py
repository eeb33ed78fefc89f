"""The views the library's pages answer with, attached to the page models at start-up.

The page models (procedures.models.pages) route a request; the answer is the
portal's. ProceduresConfig.ready() calls :func:`attach`.
"""

from django.shortcuts import render

from procedures.copies import downloads
from procedures.models.pages import attach_page_views
from procedures.portal import reading
from procedures.wordio import export


def library(request, page):
    return render(request, "procedures/library_page.html", reading.library_context(request, page))


def section(request, page):
    return render(request, "procedures/section_page.html", reading.section_context(request, page))


def attach():
    attach_page_views(
        library=library,
        section=section,
        current=reading.serve_current_issue,
        issue_view=reading.serve_past_issue,
        current_pdf=downloads.serve_current_pdf,
        issue_pdf=downloads.serve_issue_pdf,
        compare=reading.serve_comparison,
        current_docx=export.serve_current_docx,
    )
