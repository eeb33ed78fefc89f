from .document_types import DocumentType
from .issues import Issue, IssueStatus
from .pages import ControlledDocumentPage, LibraryPage, SectionPage
from .search import SearchEntry
from .signatures import Signature, SignatureMeaning
from .tasks import ApprovalTask, ReviewTask

__all__ = [
    "ApprovalTask",
    "ControlledDocumentPage",
    "DocumentType",
    "Issue",
    "IssueStatus",
    "LibraryPage",
    "ReviewTask",
    "SearchEntry",
    "SectionPage",
    "Signature",
    "SignatureMeaning",
]
