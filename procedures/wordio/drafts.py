"""From Word files to draft controlled documents: the plan shown in the preview, then the drafts.

:func:`plan` reads every file and says what each would become, without
writing anything; :func:`create_drafts` writes the files of a plan that have no
error, each in its own transaction (a file that fails leaves the others), as a
draft page with one revision (never published), its images in the agency's
collection, and the paper original (:class:`LegacyRecord`).
"""

import io
import logging
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from procedures.models import ControlledDocumentPage, DocumentType, LegacyRecord, LibraryPage, SectionPage
from procedures.models.numbering import code_taken
from qms import roles, uploads, vietnamese

from .files import ImportRefused, docx_of
from .reading import read_docx

logger = logging.getLogger(__name__)

IMAGE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


@dataclass
class FilePlan:
    name: str
    read: object = None  # ReadDocument
    document_type: object = None
    error: str = ""

    @property
    def ok(self):
        return not self.error


def check_section(user, section):
    """The section's library, or PermissionDenied: only an ISO secretary of its agency who may add documents there."""
    section = section.specific if not isinstance(section, SectionPage) else section
    if not isinstance(section, SectionPage):
        raise PermissionDenied(_("Documents are imported into a section of a library."))
    library = LibraryPage.objects.ancestor_of(section).first()
    if library is None or not roles.has_role(user, roles.ISO_SECRETARY, agency=library.agency_id):
        raise PermissionDenied(_("Only the ISO secretary of this agency imports documents into its library."))
    if not section.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied(
            _("You may not add documents to the section “%(section)s”.") % {"section": section.title}
        )
    return library


def match_type(types, code):
    """The document type whose prefix begins the code (the longest such prefix)."""
    folded = code.upper()
    best = None
    for document_type in types:
        prefix = document_type.prefix.upper()
        fits = folded.startswith(prefix) and (len(folded) == len(prefix) or not folded[len(prefix)].isalpha())
        if fits and (best is None or len(prefix) > len(best.prefix)):
            best = document_type
    return best


def plan(user, section, entries):
    """What each file would become; nothing is written."""
    library = check_section(user, section)
    types = list(DocumentType.objects.filter(agency_id=library.agency_id))
    plans = []
    codes = set()
    for entry in entries:
        item = FilePlan(name=entry.name)
        plans.append(item)
        if entry.error:
            item.error = entry.error
            continue
        try:
            item.read = read_docx(docx_of(entry), entry.name)
        except ImportRefused as refused:
            item.error = str(refused)
            continue
        except Exception:  # a file python-docx or mammoth cannot read is that file's problem only
            logger.warning("Word import: %s could not be read", entry.name, exc_info=True)
            item.error = _("The file could not be read as a Word document.")
            continue
        read = item.read
        if read.errors:
            item.error = " ".join(read.errors)
            continue
        item.document_type = match_type(types, read.code)
        if item.document_type is None:
            item.error = _("No document type of this agency has a prefix matching the code %(code)s.") % {
                "code": read.code
            }
        elif read.code in codes or code_taken(library, read.code):
            item.error = _("The code %(code)s is already taken in this library.") % {"code": read.code}
        codes.add(read.code)
    return plans


def _stream(read, images):
    blocks = []
    for kind, value in read.body:
        if kind == "image":
            image = images.get(value["index"])
            if image is None:
                continue
            value = {"image": image.pk, "caption": value["caption"]}
        elif kind == "steps_table":
            value = {
                **value,
                "processing_time_days": _text(value["processing_time_days"]),
                "steps": [{**step, "time_days": _text(step["time_days"])} for step in value["steps"]],
            }
        blocks.append({"type": kind, "value": value, "id": str(uuid.uuid4())})
    return blocks


def _text(number):
    return None if number is None else str(number)


def _images(read, library, user):
    Image = get_image_model()
    collection = library.agency.collection or Collection.get_first_root_node()
    wanted = {value["index"] for kind, value in read.body if kind == "image"}
    made = {}
    for index in sorted(wanted):
        content_type, data = read.images[index]
        extension = IMAGE_EXTENSIONS.get(content_type)
        if extension is None:
            continue
        try:
            uploads.check_upload(_Sized(data), uploads.IMAGES)
        except ValidationError:
            continue
        name = f"{vietnamese.slug(read.code) or 'hinh'}-{index + 1}.{extension}"
        image = Image(
            title=f"{read.code} – {index + 1}", file=ImageFile(io.BytesIO(data), name=name), collection=collection
        )
        image.uploaded_by_user = user
        image.save()
        made[index] = image
    return made


class _Sized(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.size = len(data)


def _slug(section, title, code):
    slug = vietnamese.slug(title)[:200] or vietnamese.slug(code)
    if section.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{vietnamese.slug(code)}"[:255]
    return slug


def create_draft(user, section, item, *, in_force=True):
    """One draft page (a revision, not published) and its paper original; one transaction."""
    read = item.read
    with transaction.atomic():
        library = check_section(user, section)
        if code_taken(library, read.code):
            raise ImportRefused(_("The code %(code)s is already taken in this library.") % {"code": read.code})
        department = section.department or getattr(user, "department", None)
        if department is None:
            raise ImportRefused(_("The section has no department and neither do you: choose the owner department."))
        images = _images(read, library, user)
        page = ControlledDocumentPage(
            title=read.title[:255],
            slug=_slug(section, read.title, read.code),
            code=read.code,
            document_type=item.document_type,
            owner_department=department,
            live=False,
            owner=user,
        )
        page.body = _stream(read, images)
        section.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        LegacyRecord.objects.create(
            agency_id=library.agency_id,
            document=page,
            in_force=bool(in_force and read.edition is not None),
            edition=read.edition or 1,
            amendment=read.amendment or 0,
            effective_date=read.effective_date,
            signers=read.signers,
            amendments=read.amendments,
            source_file=item.name[:255],
            imported_by=user,
        )
    return page


def create_drafts(user, section, plans, *, in_force=True):
    """[(plan, page or None, error)]: every file without an error becomes a draft; one failing leaves the others."""
    results = []
    for item in plans:
        if not item.ok:
            results.append((item, None, item.error))
            continue
        try:
            results.append((item, create_draft(user, section, item, in_force=in_force), ""))
        except (ImportRefused, PermissionDenied) as refused:
            results.append((item, None, str(refused)))
        except ValidationError as error:
            results.append((item, None, " ".join(error.messages)))
    return results
