"""A document's way to an issue and out of force: the signed review and approval steps, issuing,
supersession and withdrawal.
"""
