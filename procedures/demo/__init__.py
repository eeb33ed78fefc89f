"""The demo of document control, registered with the core in procedures.apps
(qms.registry.add_demo_builder), each part idempotent:

- documents: the library of the Sở Nội vụ, its 25 documents taken through the
  real review and approval workflow on dates of the past two years;
- controlled_copies: registered holders of copies of the first documents;
- control: external documents, the records list, change requests, periodic
  reviews and distributions (runs after the documents and copes without them).

Their text lives beside them: bodies and content (documents), control_content.
"""
