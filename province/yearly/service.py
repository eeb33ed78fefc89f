"""What happens to a yearly report: generated (or refreshed) as a draft, then signed."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from province.models import YearlyReport
from province.yearly.figures import compute_figures
from qms import roles


def can_prepare(user, agency):
    """The agency's ISO secretary prepares its report."""
    return roles.has_role(user, roles.ISO_SECRETARY, agency=agency)


def can_sign(user, agency):
    """The head of the agency signs: a person holding the Approver role in it."""
    return roles.has_role(user, roles.APPROVER, agency=agency)


def readable_agencies(user):
    """The agencies whose reports the person reads (ids, or roles.ALL): the overseer and superusers read all."""
    return roles.agencies_with_role(user, roles.ISO_SECRETARY, roles.APPROVER, roles.OVERSEER)


def reads_reports(user):
    """Whether the portal menu offers the yearly reports to this person."""
    return bool(readable_agencies(user))


def can_read(user, agency):
    readable = readable_agencies(user)
    return readable == roles.ALL or agency.pk in readable


def oversees(user):
    return roles.agencies_with_role(user, roles.OVERSEER) == roles.ALL


def generate(agency, year, user, today=None):
    """The draft for the year, created or with its figures refreshed. A signed report is left as it is."""
    if not can_prepare(user, agency):
        raise PermissionDenied(_("Only the agency's ISO secretary prepares its yearly report."))
    with transaction.atomic():
        report, _created = YearlyReport.objects.select_for_update().get_or_create(agency=agency, year=year)
        if report.is_signed:
            raise PermissionDenied(_("This report has been signed: it can no longer be changed."))
        report.figures = compute_figures(agency, year, today=today)
        report.generated_at = timezone.now()
        report.generated_by = user
        report._change_reason = "generated"
        report.save()
    return report


def sign(report, user):
    """Freeze the report under the signer's name. The password was checked by the form."""
    if not can_sign(user, report.agency):
        raise PermissionDenied(_("Only the head of the agency (an approver) signs its yearly report."))
    with transaction.atomic():
        report = YearlyReport.objects.select_for_update().get(pk=report.pk)
        if report.is_signed:
            raise PermissionDenied(_("This report has already been signed."))
        if not report.figures:
            raise PermissionDenied(_("Generate the report's figures before signing it."))
        report.status = YearlyReport.Status.SIGNED
        report.signed_by = user
        report.signed_at = timezone.now()
        report.content_sha256 = report.compute_sha256()
        report._change_reason = "signed"
        report.save()
    return report
