"""Every rendered copy is signed with its agency's certificate (PAdES, qms/pdf_signing.py).

A copy is signed once its final bytes exist: the stamp of every kind
(controlled, uncontrolled, superseded, obsolete) is part of the rendered HTML,
so the signature covers it; nothing is added to a copy after it is signed. The
stored file, its SHA-256 and /verify/'s look-up are of the signed bytes.

When the agency's key cannot sign (the file or token is missing, the secret is
not set, the certificate has expired), the copy is issued unsigned all the
same, marked ``pending``, and the agency's ISO secretaries are told (once a
day). The daily duty (procedures/copies/pending_signatures.py) signs pending
copies, as an incremental update of the stored bytes, once the key is back.
"""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from procedures.models import PdfSignature
from qms import pdf_signing

logger = logging.getLogger(__name__)

BOX_ID = "pdf-signature"


def reserves_box(agency):
    """Whether the rendered copy keeps room for the visible signature: the agency has a certificate."""
    return pdf_signing.active_certificate(agency) is not None


def box_text(box):
    return " ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in box) if box else ""


def box_of(text):
    if not text:
        return None
    page, *rect = text.split()
    return (int(page), *(float(v) for v in rect))


def reason_for(issue):
    with override("vi"):
        return _("Issued: %(code)s, edition %(edition)s, amendment %(amendment)s") % {
            "code": issue.code,
            "edition": issue.edition,
            "amendment": issue.amendment,
        }


def sign(issue, agency, data, box):
    """(bytes to store, field values of the RenderedCopy about its signature)."""
    try:
        signed = pdf_signing.sign_pdf(data, agency, box=box_of(box), reason=reason_for(issue))
    except pdf_signing.NotConfigured:
        return data, {"signature": PdfSignature.UNSIGNED, "signature_box": box}
    except pdf_signing.SigningUnavailable as exc:
        logger.warning("The PDF of %s is issued unsigned: %s", issue, exc)
        tell_secretaries(agency, str(exc))
        return data, {"signature": PdfSignature.PENDING, "signature_box": box, "signing_problem": str(exc)[:255]}
    return signed.data, {
        "signature": PdfSignature.SIGNED,
        "signature_box": box,
        "signed_at": timezone.now(),
        "signing_problem": "",
    }


def tell_secretaries(agency, problem):
    from procedures.notices import Notice
    from qms import roles
    from qms.models import User
    from qms.notifications import notify

    secretaries = User.objects.filter(is_active=True, groups__name=roles.ISO_SECRETARY, agency=agency).distinct()
    notify(
        secretaries,
        Notice.PDF_UNSIGNED,
        {"agency": agency.agency_name, "problem": problem},
        key=f"pdf-unsigned:{agency.pk}:{timezone.localdate().isoformat()}",
        email=False,
    )
