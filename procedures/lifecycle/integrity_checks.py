"""What verify_integrity checks of document control besides the chain (registered in procedures/apps.py)."""

from django.db.models import Max
from wagtail.models import Revision

from procedures.lifecycle.issuing import revision_sha256
from procedures.models import ControlledDocumentPage, Issue, IssueStatus, Signature
from qms.integrity import Problem


def verify_revisions():
    """Each revision named by a signature or an issue still hashes to the SHA-256 they carry."""
    problems = []
    for owner in (Signature, Issue):
        expected = {}
        for pk, revision_id, digest in (
            owner._base_manager.filter(revision__isnull=False)
            .order_by("pk")
            .values_list("pk", "revision_id", "content_sha256")
            .iterator(chunk_size=2000)
        ):
            expected.setdefault(revision_id, []).append((pk, digest))
        revisions = Revision.objects.filter(pk__in=owner._base_manager.values("revision_id")).order_by("pk")
        for revision in revisions.iterator(chunk_size=500):
            actual = revision_sha256(revision)
            for pk, digest in expected.get(revision.pk, []):
                if actual != digest:
                    problems.append(
                        Problem(
                            f"wagtailcore.Revision #{revision.pk}",
                            f"the revision's content no longer matches the SHA-256 of {owner._meta.label} #{pk} "
                            "(the signed content was rewritten)",
                        )
                    )
    return problems


def verify_pages():
    """A document page is withdrawn exactly when, and as, its issues were."""
    withdrawn = dict(
        Issue._base_manager.filter(status=IssueStatus.WITHDRAWN)
        .order_by()
        .values("document_id")
        .annotate(at=Max("withdrawn_at"))
        .values_list("document_id", "at")
    )
    problems = []
    for pk, withdrawn_at in ControlledDocumentPage.objects.order_by("pk").values_list("pk", "withdrawn_at"):
        if withdrawn_at != withdrawn.get(pk):
            problems.append(
                Problem(
                    f"procedures.ControlledDocumentPage #{pk}",
                    "the record was changed outside the application (field withdrawn_at disagrees with its issues)",
                )
            )
    return problems
