"""The library of controlled documents: how an agency's library is set up (its approval workflow and
page permissions) and laid out for browsing.
"""
