"""PAdES signatures on the PDFs an agency issues, made with pyHanko.

The agency's key is where :class:`qms.models.AgencyCertificate` says: a
PKCS#12 file (its passphrase in an environment variable) or a PKCS#11 token or
HSM (its PIN in an environment variable); with a token the key never leaves
it, pyHanko asks the token to sign. The signature is an incremental update of
the rendered PDF/A-3b: the rendered bytes stay as they are, the XMP keeps its
PDF/A identification, and the visible appearance (agency, signing time,
certificate subject) is drawn with the shipped Liberation Serif, embedded, so
Vietnamese diacritics render in every reader.

With a time-stamping authority configured, the signature carries an RFC 3161
timestamp (PAdES B-T); pyHanko then also tries to embed the validation data
and a document timestamp (B-LTA), and falls back to B-T when the revocation
data cannot be fetched.
"""

import functools
import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from qms.pdf import FONT_DIR

logger = logging.getLogger(__name__)
# fontTools warns, for every signature, that it drops a table no PDF reader uses.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

FIELD_NAME = "ChuKySoCoQuan"
APPEARANCE_FONT = FONT_DIR / "LiberationSerif-Regular.ttf"
# Where the signer of a PKCS#12 file is kept once opened: opening it runs the
# passphrase's key derivation, which costs more than the signature itself.
_pkcs12_cache = {}


class NotConfigured(Exception):
    """The agency has no signing certificate: its PDFs are not signed."""


class SigningUnavailable(Exception):
    """The agency's key cannot sign now (file or token missing, wrong secret, expired)."""


@dataclass
class Signed:
    data: bytes
    subject: str
    level: str  # "B-B", "B-T" or "B-LTA"


def active_certificate(agency):
    from qms.models import AgencyCertificate

    return AgencyCertificate.objects.active().filter(agency=agency).first()


def _secret(certificate):
    if not certificate.passphrase_env:
        return None
    value = os.environ.get(certificate.passphrase_env)
    if value is None:
        raise SigningUnavailable(
            _("The environment variable %(name)s that holds the key's secret is not set.")
            % {"name": certificate.passphrase_env}
        )
    return value


def key_cached_signer(signer):
    """The signer, keeping its private key loaded: pyHanko's SimpleSigner parses (and checks) an RSA
    key on every signature, twice, which costs more than the signature itself."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    class KeyCachedSigner(signers.SimpleSigner):
        def sign_raw(self, data, digest_algorithm):
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            key = self.__dict__.get("_qms_key")
            if key is None:
                key = self._qms_key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
            if mechanism.signature_algo != "rsassa_pkcs1v15" or not isinstance(key, RSAPrivateKey):
                return super().sign_raw(data, digest_algorithm)
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))

    signer.__class__ = KeyCachedSigner
    return signer


def _pkcs12_signer(certificate):
    from pyhanko.sign import signers

    path = Path(certificate.pkcs12_path)
    try:
        stat = path.stat()
    except OSError:
        raise SigningUnavailable(_("The key file %(path)s is missing.") % {"path": path}) from None
    secret = _secret(certificate)
    key = (str(path), stat.st_mtime_ns, stat.st_size, secret)
    signer = _pkcs12_cache.get(key)
    if signer is None:
        signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=secret.encode() if secret else None)
        if signer is None:
            raise SigningUnavailable(
                _("The key file %(path)s could not be opened (wrong passphrase?).") % {"path": path}
            )
        _pkcs12_cache.clear()
        _pkcs12_cache[key] = signer = key_cached_signer(signer)
    return signer


@contextmanager
def open_signer(certificate):
    """A pyHanko signer for the certificate's key, for the time of one signature."""
    from qms.models import KeyStore

    if certificate.store == KeyStore.PKCS12:
        yield _pkcs12_signer(certificate)
        return
    from pkcs11 import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    pin = _secret(certificate)
    try:
        session = pkcs11.open_pkcs11_session(
            certificate.pkcs11_module, token_criteria=TokenCriteria(label=certificate.token_label), user_pin=pin
        )
    except (PKCS11Error, OSError, RuntimeError, ValueError) as exc:
        raise SigningUnavailable(
            _("The token %(token)s cannot be opened: %(error)s")
            % {"token": certificate.token_label, "error": exc.__class__.__name__}
        ) from exc
    try:
        try:
            signer = pkcs11.PKCS11Signer(session, key_label=certificate.key_label, cert_label=certificate.key_label)
            signer.signing_cert  # noqa: B018 (fetched from the token now, so a missing one is told here)
        except (PKCS11Error, RuntimeError, ValueError) as exc:
            raise SigningUnavailable(
                _("The key %(key)s is not on the token %(token)s.")
                % {"key": certificate.key_label, "token": certificate.token_label}
            ) from exc
        yield signer
    finally:
        session.close()


def subject_of(cert):
    return cert.subject.human_friendly


def subject_lines(cert):
    """The certificate's subject as printed in the appearance: common name, then organisation."""
    names = cert.subject.native
    lines = [names.get("common_name"), names.get("organization_name")]
    lines = [line if isinstance(line, str) else ", ".join(line) for line in lines if line]
    return "\n".join(lines) or subject_of(cert)


def check_valid_now(certificate, cert, now):
    """Refuse an expired (or not yet valid) certificate; remember its subject and end of validity."""
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    subject = subject_of(cert)[:500]
    if certificate.subject != subject or certificate.not_after != not_after:
        certificate.subject, certificate.not_after = subject, not_after
        certificate.save(update_fields=["subject", "not_after"])
    if now > not_after:
        raise SigningUnavailable(
            _("The certificate %(subject)s expired on %(date)s.")
            % {"subject": subject, "date": timezone.localtime(not_after).strftime("%d/%m/%Y")}
        )
    if now < not_before:
        raise SigningUnavailable(_("The certificate %(subject)s is not valid yet.") % {"subject": subject})


def timestamper_for(url):
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=10)


def trust_roots():
    """The certificates /verify/ and verify_pdf trust: QMS_PDF_TRUST_ROOTS and <QMS_SIGNING_DIR>/trust/*.pem."""
    from pyhanko.keys import load_certs_from_pemder

    paths = [Path(p) for p in settings.QMS_PDF_TRUST_ROOTS]
    trust_dir = Path(settings.QMS_SIGNING_DIR) / "trust"
    if trust_dir.is_dir():
        paths.extend(sorted(trust_dir.glob("*.pem")))
    return list(load_certs_from_pemder([str(p) for p in paths if p.is_file()]))


# What the appearance prints: Latin with Vietnamese (Latin Extended Additional), digits, punctuation.
APPEARANCE_UNICODES = [*range(0x20, 0x250), *range(0x1EA0, 0x1F00), *range(0x2010, 0x2030)]


@functools.cache
def font_bytes():
    """Liberation Serif cut down once to what the appearance prints: pyHanko then subsets a small
    font for each signature instead of the whole one (its Cyrillic, Greek, Hebrew...)."""
    from fontTools import subset, ttLib

    font = ttLib.TTFont(str(APPEARANCE_FONT))
    options = subset.Options()
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=APPEARANCE_UNICODES)
    subsetter.subset(font)
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def appearance_font_factory(size):
    """pyHanko's embedded-font engine, in the 1000 units per em a PDF font's widths are read in.

    pyHanko 0.38 writes glyph widths and kerning in the font's own units;
    Liberation Serif (like most TrueType fonts) has 2048 per em, so every
    reader would space the letters twice too wide. This engine shapes at 1000
    units per em and writes widths in them; the rest is pyHanko's.
    """
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class ThousandUnitsAccumulator(GlyphAccumulator):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.font_units_per_em = self.units_per_em
            self.units_per_em = 1000
            self.hb_font.scale = (1000, 1000)

        def _get_cid_and_width(self, glyph_id):
            if glyph_id not in self._glyphs:
                cid, width = super()._get_cid_and_width(glyph_id)
                self._glyphs[glyph_id] = (cid, round(width * 1000 / self.font_units_per_em))
            return self._glyphs[glyph_id]

    class Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return ThousandUnitsAccumulator(
                writer=writer, font_handle=BytesIO(font_bytes()), font_size=self.font_size, obj_stream=obj_stream
            )

    return Factory(str(APPEARANCE_FONT), font_size=size)


def appearance_style():
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    with override("vi"):
        text = "%(agency)s\n" + _("Digitally signed at %(ts)s") + "\n%(subject)s"
    return TextStampStyle(
        stamp_text=text,
        timestamp_format="%d/%m/%Y %H:%M:%S",
        text_box_style=TextBoxStyle(font=appearance_font_factory(10), font_size=10, leading=12),
        background=None,
        border_width=1,
    )


def sign_pdf(data, agency, *, box=None, reason="", now=None):
    """The PDF signed by the agency's key as an incremental update.

    ``box``: (page index, x1, y1, x2, y2) in PDF points, where the visible
    signature goes; None for an invisible one. Raises :class:`NotConfigured`
    or :class:`SigningUnavailable`.
    """
    certificate = active_certificate(agency)
    if certificate is None:
        raise NotConfigured
    now = now or timezone.now()
    with open_signer(certificate) as signer:
        check_valid_now(certificate, signer.signing_cert, now)
        subject = subject_of(signer.signing_cert)
        if not certificate.tsa_url:
            return Signed(_sign(data, signer, agency, box, reason, subject), subject, "B-B")
        timestamper = timestamper_for(certificate.tsa_url)
        try:
            return Signed(
                _sign(data, signer, agency, box, reason, subject, timestamper=timestamper, lta=True), subject, "B-LTA"
            )
        except Exception as exc:  # noqa: BLE001 (any failure to gather validation data falls back to B-T)
            logger.info("PAdES B-LTA not possible for %s (%s); signing B-T", agency, exc)
        try:
            return Signed(_sign(data, signer, agency, box, reason, subject, timestamper=timestamper), subject, "B-T")
        except Exception as exc:
            raise SigningUnavailable(
                _("The time-stamping authority %(url)s did not answer.") % {"url": certificate.tsa_url}
            ) from exc


def _sign(data, signer, agency, box, reason, subject, *, timestamper=None, lta=False):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator import ValidationContext

    options = {}
    if lta:
        options = {
            "embed_validation_info": True,
            "use_pades_lta": True,
            "validation_context": ValidationContext(
                trust_roots=trust_roots(), other_certs=list(signer.cert_registry), allow_fetching=True
            ),
        }
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=agency.address or None,
        name=agency.agency_name,
        **options,
    )
    spec = None
    if box is not None:
        page, *rect = box
        spec = fields.SigFieldSpec(FIELD_NAME, on_page=page, box=tuple(rect))
    else:
        spec = fields.SigFieldSpec(FIELD_NAME)
    pdf_signer = signers.PdfSigner(
        metadata, signer, timestamper=timestamper, stamp_style=appearance_style(), new_field_spec=spec
    )
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    output = pdf_signer.sign_pdf(
        writer, appearance_text_params={"agency": agency.agency_name, "subject": subject_lines(signer.signing_cert)}
    )
    return output.getvalue()
