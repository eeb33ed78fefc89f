"""Word in and out: an agency's procedures imported from .docx (.doc, .odt), and issues exported to .docx.

reading (mammoth + python-docx) → drafts (preview plan, then pages); writing
(python-docx) ← export (issues and drafts); files: what may be imported.
"""
