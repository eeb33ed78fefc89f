"""The object-storage backend (qms/settings/base.py, with QMS_S3_BUCKET): django-storages' S3 storage,
except that the image library's files are named by their MEDIA_URL path.

Wagtail writes an image's URL into the page, and a document's text keeps it in the frozen body of every
issue that shows it: a presigned bucket URL there would expire within a minute and skip the permission
check. ``/media/images/…`` goes through qms.media_views, which checks the reader, then streams the file or
redirects to a fresh presigned URL (asked for with ``parameters``, qms.storage.name_response). Imported only
when the bucket is configured (boto3 is slow to import).
"""

from django.conf import settings
from storages.backends.s3 import S3Storage

IMAGE_FOLDERS = ("images/", "original_images/")


class BucketStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        if parameters is None and expire is None and http_method is None and name.startswith(IMAGE_FOLDERS):
            return f"{settings.MEDIA_URL}{name}"
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
