from .acknowledgements import Acknowledgement, Distribution, ReadingAssignment
from .change_requests import ChangeRequest, ChangeRequestStatus
from .document_types import DocumentType
from .external import Citation, ExternalDocument, ExternalDocumentStatus
from .issues import Issue, IssueStatus
from .pages import ControlledDocumentPage, LibraryPage, SectionPage
from .records import RecordType
from .reviews import PeriodicReview, ReviewFlag, ReviewOutcome
from .signatures import Signature, SignatureMeaning
from .tasks import ApprovalTask, ReviewTask

__all__ = [
    "Acknowledgement",
    "ApprovalTask",
    "ChangeRequest",
    "ChangeRequestStatus",
    "Citation",
    "ControlledDocumentPage",
    "Distribution",
    "DocumentType",
    "ExternalDocument",
    "ExternalDocumentStatus",
    "Issue",
    "IssueStatus",
    "LibraryPage",
    "PeriodicReview",
    "ReadingAssignment",
    "RecordType",
    "ReviewFlag",
    "ReviewOutcome",
    "ReviewTask",
    "SectionPage",
    "Signature",
    "SignatureMeaning",
]
