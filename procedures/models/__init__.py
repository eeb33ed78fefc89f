from .copies import ControlledCopy, CopyExport, CopyExportStatus, CopyKind, RenderedCopy, RenderLock, UploadThrottle
from .document_types import DocumentType
from .issues import Issue, IssueStatus
from .pages import ControlledDocumentPage, LibraryPage, SectionPage
from .signatures import Signature, SignatureMeaning
from .tasks import ApprovalTask, ReviewTask

__all__ = [
    "ApprovalTask",
    "ControlledCopy",
    "ControlledDocumentPage",
    "CopyExport",
    "CopyExportStatus",
    "CopyKind",
    "DocumentType",
    "Issue",
    "IssueStatus",
    "LibraryPage",
    "RenderLock",
    "RenderedCopy",
    "ReviewTask",
    "SectionPage",
    "Signature",
    "SignatureMeaning",
    "UploadThrottle",
]
