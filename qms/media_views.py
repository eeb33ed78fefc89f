"""Files under MEDIA_URL: none is served directly, in any setting.

Every uploaded or generated file (a draft's attachment, a change request's
attachment, audit evidence, rendered PDFs, export zips) reaches people only
through the view that checks who may read it: Wagtail's document serve view
(WAGTAILDOCS_SERVE_METHOD = "serve_view", with the project's
before_serve_document hook), the PDF and download views of procedures and
audits. The one exception is the files of Wagtail's image library (originals
under ``original_images/``, renditions such as the admin's thumbnails under
``images/``), whose URLs Wagtail builds from MEDIA_URL: ``media_file`` serves
them, and only to people who hold an image permission on the image's
collection (the drafters who upload and choose them: docs/roles.md), and to
the readers of what shows them: an app says who through
``qms.registry.add_image_reader`` (procedures: the readers of a current issue
whose text shows the image). Anything else under MEDIA_URL is 404.
"""

import mimetypes

from django.http import Http404
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from qms import registry
from qms import storage as stored

IMAGE_ACTIONS = ["change", "delete", "choose"]


def _image_for(name):
    image_model = get_image_model()
    if name.startswith("original_images/"):
        return image_model.objects.filter(file=name).first()
    if name.startswith("images/"):
        rendition = image_model.get_rendition_model().objects.filter(file=name).select_related("image").first()
        return rendition.image if rendition else None
    return None


@require_safe
def media_file(request, path):
    image = _image_for(path)
    if image is None:
        raise Http404
    if not may_see(request.user, image, path):
        raise Http404
    storage = image.file.storage
    if not storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        raise Http404
    return stored.name_response(storage, path, content_type=content_type)


def may_see(user, image, path):
    """Those who manage the image's collection, and those an app's image reader lets see it."""
    policy = policy_registry.get_by_type(get_image_model())
    if policy.user_has_any_permission_for_instance(user, IMAGE_ACTIONS, image):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return any(import_string(reader)(user, path) for reader in registry.image_readers())
