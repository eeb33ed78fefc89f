"""What the back office (Wagtail admin) shows of document control: page editor forms, copy and register
screens, signing and withdrawal views, viewsets.
"""
