"""Images in the text of controlled documents (imported from Word, or chosen in the editor).

An image is stored in Wagtail's image library, whose files only the people who
manage the library may open (qms.media_views). A current issue that shows an
image must show it to everyone who reads that issue: its frozen body names the
image's rendition file, so a person may see a file that the body of a current
issue they read names. The search is over the reader's own agencies' current
issues (and the shared ones), a few hundred rows even in a province.
"""

from django.conf import settings

from procedures.documents import readers
from procedures.models import Issue


def may_see_image(user, name):
    """Whether a current issue the user reads shows the stored image file ``name``."""
    if not name.startswith("images/"):
        return False  # issues show renditions; originals stay with the library's managers
    return (
        Issue.objects.current()
        .filter(readers.document_condition(user, "document"))
        .filter(body_html__contains=f"{settings.MEDIA_URL}{name}")
        .exists()
    )
