from .actions import ActionEvidenceFile, CorrectiveAction, ReminderSent, Verification
from .checklists import ChecklistItem, EvidenceFile, Question
from .findings import Finding
from .programme import NONCONFORMITY_KINDS, Audit, AuditProgramme, check_independence, default_edition
from .transitions import TransitionNotAllowed

__all__ = [
    "ActionEvidenceFile",
    "NONCONFORMITY_KINDS",
    "Audit",
    "AuditProgramme",
    "ChecklistItem",
    "CorrectiveAction",
    "EvidenceFile",
    "Finding",
    "Question",
    "ReminderSent",
    "TransitionNotAllowed",
    "Verification",
    "check_independence",
    "default_edition",
]
