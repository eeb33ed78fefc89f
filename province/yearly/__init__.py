"""The yearly QMS report: its figures, its PDF, .docx and .xlsx, its portal pages."""
