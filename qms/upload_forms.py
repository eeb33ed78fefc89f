"""Form bases for Wagtail's document and image uploads (WAGTAILDOCS_DOCUMENT_FORM_BASE,
WAGTAILIMAGES_IMAGE_FORM_BASE): the file is checked by its content (qms.uploads)
before anything is saved, whether uploaded one by one or several at once."""

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from qms import uploads


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            uploads.check_upload(file, uploads.DOCUMENTS)
        return file


class CheckedImageForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            uploads.check_upload(file, uploads.IMAGES - {uploads.HEIC})
        return file
