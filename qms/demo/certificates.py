"""Demo signing keys: a self-signed DEMO certificate authority and a PKCS#12 file per agency.

So that the demo's PDFs are signed (qms/pdf_signing.py), the demo makes its
own CA, named as a demo so nobody mistakes it for a real one, and gives each
agency a certificate from it, kept under QMS_SIGNING_DIR/demo/ (outside the
web root). The CA's certificate goes into QMS_SIGNING_DIR/trust/, which
/verify/ trusts. Real agencies load the certificate of a licensed CA instead
(docs/operations.md). The functions that make certificates are also what the
tests build their test CA with.
"""

import datetime
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

DEMO_CA_NAME = "QMS DEMO CA – không dùng thật (demo only)"


def _name(common_name, organisation):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(common_name, *, organisation="QMS", days=3650):
    key = new_key()
    now = datetime.datetime.now(datetime.UTC)
    name = _name(common_name, organisation)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_signing_cert(ca_key, ca_cert, common_name, *, organisation, not_before=None, not_after=None, key=None):
    """A document-signing certificate (non-repudiation) issued by the CA."""
    key = key or new_key()
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - datetime.timedelta(days=1))
        .not_valid_after(not_after or now + datetime.timedelta(days=730))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def pkcs12_bytes(key, cert, ca_cert, passphrase=None):
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(b"qms", key, cert, [ca_cert], encryption)


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _write_atomically(path, data, mode=0o600):
    """Whole or not at all: test workers and app servers may load the demo side by side."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    temporary.chmod(mode)
    os.replace(temporary, path)


def _demo_ca(directory):
    """The demo CA's key and certificate, kept together in one file."""
    path = directory / "demo-ca.pem"
    if path.exists():
        data = path.read_bytes()
        key = serialization.load_pem_private_key(data, password=None)
        return key, x509.load_pem_x509_certificate(data)
    key, cert = make_ca(DEMO_CA_NAME, organisation="QMS DEMO")
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_atomically(path, private + pem(cert))
    return key, cert


def build(stdout):
    from qms.models import Agency, AgencyCertificate, KeyStore

    base = Path(settings.QMS_SIGNING_DIR)
    demo_dir, trust_dir = base / "demo", base / "trust"
    demo_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    trust_dir.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = _demo_ca(demo_dir)
    _write_atomically(trust_dir / "demo-ca.pem", pem(ca_cert), mode=0o644)
    made = 0
    for agency in Agency.objects.active().order_by("pk"):
        current = AgencyCertificate.objects.active().filter(agency=agency).first()
        if current is not None and Path(current.pkcs12_path).exists():
            continue
        path = demo_dir / f"{agency.code}.p12"
        cert = None
        if path.exists():  # made by an earlier load of the demo: its key is reused
            _key, cert, _chain = pkcs12.load_key_and_certificates(path.read_bytes(), None)
            if cert.issuer != ca_cert.subject:
                cert = None
        if cert is None:
            key, cert = make_signing_cert(
                ca_key, ca_cert, f"{agency.agency_name} (DEMO)", organisation=agency.agency_name
            )
            _write_atomically(path, pkcs12_bytes(key, cert, ca_cert))
        if current is not None:
            current.is_active = False
            current.save(update_fields=["is_active"])
        AgencyCertificate.objects.create(
            agency=agency,
            store=KeyStore.PKCS12,
            pkcs12_path=str(path),
            subject=f"{agency.agency_name} (DEMO)",
            not_after=cert.not_valid_after_utc,
        )
        made += 1
    stdout.write(f"  demo signing certificates (self-signed DEMO CA): {made}")
