"""The data of document control: every model of the app, and the invariants the rows keep (codes,
authorship, what a signature binds).
"""

from .acknowledgements import Acknowledgement, Distribution, ReadingAssignment, ReadingDutyMark
from .adoptions import Adoption
from .change_requests import ChangeRequest, ChangeRequestStatus
from .copies import (
    ControlledCopy,
    CopyExport,
    CopyExportStatus,
    CopyKind,
    PdfSignature,
    RenderedCopy,
    RenderLock,
    UploadThrottle,
)
from .document_types import DocumentType
from .external import Citation, ExternalDocument, ExternalDocumentStatus
from .issues import Issue, IssueStatus
from .legacy import LegacyRecord
from .pages import ControlledDocumentPage, LibraryPage, Publication, SectionPage
from .records import RecordType
from .reviews import PeriodicReview, ReviewFlag, ReviewOutcome
from .search import SearchEntry
from .signatures import Signature, SignatureMeaning, SignatureVoid, SignatureVoidReason
from .tasks import ApprovalTask, ReviewTask

__all__ = [
    "Acknowledgement",
    "Adoption",
    "ApprovalTask",
    "ChangeRequest",
    "ChangeRequestStatus",
    "Citation",
    "ControlledCopy",
    "ControlledDocumentPage",
    "CopyExport",
    "CopyExportStatus",
    "CopyKind",
    "PdfSignature",
    "Distribution",
    "DocumentType",
    "ExternalDocument",
    "ExternalDocumentStatus",
    "Issue",
    "IssueStatus",
    "LegacyRecord",
    "LibraryPage",
    "Publication",
    "PeriodicReview",
    "ReadingAssignment",
    "ReadingDutyMark",
    "RecordType",
    "RenderLock",
    "RenderedCopy",
    "ReviewFlag",
    "ReviewOutcome",
    "ReviewTask",
    "SearchEntry",
    "SectionPage",
    "Signature",
    "SignatureMeaning",
    "SignatureVoid",
    "SignatureVoidReason",
    "UploadThrottle",
]
