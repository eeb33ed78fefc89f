"""What staff see in the portal: the library, the reading page, search, and the document-control
screens under /kiem-soat/.
"""
