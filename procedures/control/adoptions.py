"""Shared provincial documents adopted by reference (áp dụng văn bản của tỉnh).

A document of an agency that shares its documents (``Agency.shares_documents``,
e.g. UBND tỉnh's internal procedures) is read where it is issued. Another
agency's ISO secretary adopts it: the agency then distributes it to its own
departments, its people get it to read and confirm, and its document register
lists it as adopted. Ending an adoption keeps the row and its history and takes
the agency's departments out of the document's distribution.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.models import Acknowledgement, Adoption, Distribution, ReadingAssignment
from procedures.models.adoptions import check_adoptable
from qms import roles
from qms.models import Agency


def secretary_agencies(user):
    """The agencies (queryset) where the user is the ISO secretary."""
    agencies = roles.agencies_with_role(user, roles.ISO_SECRETARY)
    if agencies == roles.ALL:
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=sorted(agencies))


def agencies_that_may_adopt(user, document):
    """The agencies where the user is the ISO secretary that may still adopt this document."""
    from procedures.documents import readers

    owner_id, shared = readers.page_agency(document)
    if not shared:
        return Agency.objects.none()
    adopted = Adoption.objects.active().filter(document=document).values("agency_id")
    return secretary_agencies(user).exclude(pk=owner_id).exclude(pk__in=adopted).order_by("agency_name")


def adoptions_managed_by(user, document):
    """The active adoptions of this document by agencies where the user is the ISO secretary."""
    return (
        Adoption.objects.active()
        .filter(document=document, agency__in=secretary_agencies(user))
        .select_related("agency")
        .order_by("agency__agency_name")
    )


def adopt(user, agency, document, decision_reference=""):
    """The ISO secretary of ``agency`` adopts ``document``; ValidationError when it may not be adopted."""
    if not roles.has_role(user, roles.ISO_SECRETARY, agency=agency.pk):
        raise PermissionDenied(_("Only the agency's ISO secretary adopts shared documents."))
    check_adoptable(agency, document)
    try:
        with transaction.atomic():
            return Adoption.objects.create(
                agency=agency, document=document, decision_reference=decision_reference.strip(), adopted_by=user
            )
    except IntegrityError:
        raise ValidationError(_("Your agency has already adopted this document.")) from None


def end_adoption(user, adoption, reason):
    """End an adoption: the row stays (with its history); the agency's departments leave the distribution."""
    if not roles.has_role(user, roles.ISO_SECRETARY, agency=adoption.agency_id):
        raise PermissionDenied(_("Only the agency's ISO secretary ends an adoption."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for ending the adoption."))
    with transaction.atomic():
        adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
        if adoption.withdrawn_at is not None:
            raise ValidationError(_("This adoption has already ended."))
        adoption.withdrawn_at = timezone.now()
        adoption.withdrawn_by = user
        adoption.withdrawal_reason = reason
        adoption.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        for entry in Distribution.objects.filter(
            document_id=adoption.document_id, department__agency=adoption.agency_id
        ):
            entry.delete()  # history keeps the removal and who made it
        end_readings(adoption)
    return adoption


def end_readings(adoption):
    """The adopting agency's people no longer have to read the document: their unconfirmed assignments end
    (the rows stay; confirmations stay as they were)."""
    confirmed = Acknowledgement.objects.filter(issue=OuterRef("issue"), user=OuterRef("user"))
    pending = (
        ReadingAssignment.objects.required()
        .filter(issue__document_id=adoption.document_id, user__department__agency_id=adoption.agency_id)
        .exclude(Exists(confirmed))
    )
    for assignment in pending:
        assignment.ended_at = adoption.withdrawn_at
        assignment.save(update_fields=["ended_at"])
