"""How much text a person may type into one field.

Every free-text field of the product's forms has a limit, so that a 5 MB
"reason" is refused with Django's translated message (at most N characters)
instead of being stored and then shown, printed and exported everywhere.
TextFields carry the limit on the model (their forms, Wagtail's included,
inherit it); plain form fields carry it themselves. The request itself is
capped before its body is read (qms.middleware.RequestSizeLimitMiddleware).
"""

# A paragraph or a few: a reason, a finding, a corrective action, a comment.
LONG_TEXT = 10_000
# A one-line note for the history of a change.
NOTE = 1_000
# A search or filter query.
QUERY = 200
