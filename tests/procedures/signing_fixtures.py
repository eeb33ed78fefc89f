"""A test CA, the agency's certificate on a PKCS#12 file and on a SoftHSM2 token, a test TSA.

The keys are made once per session (RSA key generation is the slow part);
each test then only points the agency at them. tests/procedures/conftest.py
offers the fixtures to the tests of procedures.
"""

import datetime
import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.x509 import ExtendedKeyUsage
from cryptography.x509.oid import ExtendedKeyUsageOID

from qms.demo import certificates as pki
from qms.models import Agency, AgencyCertificate, KeyStore

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PASSPHRASE_ENV = "QMS_TEST_P12_PASSPHRASE"
PIN_ENV = "QMS_TEST_TOKEN_PIN"
AGENCY_CN = "SỞ NỘI VỤ TỈNH VĨNH LONG"


class TestPki:
    __test__ = False

    def __init__(self, directory):
        now = datetime.datetime.now(datetime.UTC)
        self.directory = directory
        self.ca_key, self.ca_cert = pki.make_ca("QMS Test CA", organisation="QMS tests")
        self.key, self.cert = pki.make_signing_cert(self.ca_key, self.ca_cert, AGENCY_CN, organisation="Sở Nội vụ")
        self.p12 = directory / "agency.p12"
        self.p12.write_bytes(pki.pkcs12_bytes(self.key, self.cert, self.ca_cert, passphrase="mat-khau"))
        _key, expired = pki.make_signing_cert(
            self.ca_key,
            self.ca_cert,
            AGENCY_CN,
            organisation="Sở Nội vụ",
            key=self.key,
            not_before=now - datetime.timedelta(days=400),
            not_after=now - datetime.timedelta(days=2),
        )
        self.expired_p12 = directory / "expired.p12"
        self.expired_p12.write_bytes(pki.pkcs12_bytes(self.key, expired, self.ca_cert, passphrase="mat-khau"))
        self.ca_pem = directory / "ca.pem"
        self.ca_pem.write_bytes(pki.pem(self.ca_cert))

    def tsa(self):
        """A time-stamping authority's key and certificate from the same CA (asn1crypto objects)."""
        from asn1crypto import keys, x509

        key = pki.new_key()
        # A TSA certificate carries the timeStamping extended key usage, critical.
        cert = _with_time_stamping(self.ca_key, self.ca_cert, key)
        der_key = key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return keys.PrivateKeyInfo.load(der_key), x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _with_time_stamping(ca_key, ca_cert, key):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "QMS Test TSA")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory):
    return TestPki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def softhsm_token(test_pki, tmp_path_factory):
    """A SoftHSM2 token holding the agency's key and certificate, imported as an operator would."""
    directory = tmp_path_factory.mktemp("softhsm")
    (directory / "tokens").mkdir()
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    key_pem = directory / "key.pem"
    key_pem.write_bytes(
        test_pki.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    run = ["softhsm2-util", "--init-token", "--free", "--label", "qms-test", "--pin", "1234", "--so-pin", "12345678"]
    subprocess.run(run, check=True, capture_output=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        ["softhsm2-util", "--import", str(key_pem), "--token", "qms-test", "--label", "agency", "--id", "01"]  # noqa: S607
        + ["--pin", "1234"],
        check=True,
        capture_output=True,
    )
    key_pem.unlink()
    cert_der = directory / "cert.der"
    cert_der.write_bytes(test_pki.cert.public_bytes(serialization.Encoding.DER))
    subprocess.run(  # noqa: S603
        ["pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", "qms-test", "--login", "--pin", "1234"]  # noqa: S607
        + ["--write-object", str(cert_der), "--type", "cert", "--label", "agency", "--id", "01"],
        check=True,
        capture_output=True,
    )
    return {"module": SOFTHSM_MODULE, "token": "qms-test", "key": "agency", "pin": "1234"}


@pytest.fixture
def signing_agency(db):
    return Agency.objects.order_by("pk").first()


@pytest.fixture
def trust_test_ca(settings, test_pki):
    settings.QMS_PDF_TRUST_ROOTS = [str(test_pki.ca_pem)]


@pytest.fixture
def file_key(signing_agency, test_pki, monkeypatch, trust_test_ca):
    """The agency signs with its PKCS#12 file; the passphrase is in the environment."""
    monkeypatch.setenv(PASSPHRASE_ENV, "mat-khau")
    return AgencyCertificate.objects.create(
        agency=signing_agency, store=KeyStore.PKCS12, pkcs12_path=str(test_pki.p12), passphrase_env=PASSPHRASE_ENV
    )


@pytest.fixture
def token_key(signing_agency, softhsm_token, monkeypatch, trust_test_ca):
    """The agency signs on the SoftHSM2 token; the PIN is in the environment."""
    monkeypatch.setenv(PIN_ENV, softhsm_token["pin"])
    return AgencyCertificate.objects.create(
        agency=signing_agency,
        store=KeyStore.PKCS11,
        pkcs11_module=softhsm_token["module"],
        token_label=softhsm_token["token"],
        key_label=softhsm_token["key"],
        passphrase_env=PIN_ENV,
    )


def write(tmp_path, data, name="copy.pdf"):
    path = Path(tmp_path) / name
    path.write_bytes(data)
    return path
