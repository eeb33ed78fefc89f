"""Document control around the issues: who may do what and where, change requests, periodic review,
distribution and read-and-understood, external documents, records and reminders.
"""
