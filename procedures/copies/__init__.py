"""Copies of issues: controlled PDFs, the controlled-copy register, bulk exports and the public check
that a copy is current.
"""
