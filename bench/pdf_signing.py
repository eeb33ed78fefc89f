"""What signing adds to the first render of a 20-page procedure: unsigned vs PKCS#12 file vs SoftHSM2.

Each round renders the same issue three times as a copy nobody has rendered
yet (``printing.get_or_render`` of a new print date): with no signing key,
with the agency's key in a PKCS#12 file, and with it on a SoftHSM2 token; the
three kinds interleave, so load on the machine hits them alike.

- overhead (file key): median signed first render / median unsigned - 1. Target: at most 15 %.
- overhead (SoftHSM2): the same with the token. Target: at most 30 %.

On a shared, loaded machine the difference of two medians of multi-second
renders is noisy; the signing step alone (``pdf_signing.sign_pdf`` on the
final bytes) is reported too, as a share of the unsigned render.
"""

import datetime
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROUNDS = 5
STEPS_FOR_20_PAGES = 225
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"

# Needs bench/setup_db.py's temporary database (see bench/__main__.py).
USES_SHARED_SETUP = True


def make_keys(directory):
    from cryptography.hazmat.primitives import serialization

    from qms.demo import certificates as pki

    ca_key, ca_cert = pki.make_ca("QMS Bench CA", organisation="QMS bench")
    key, cert = pki.make_signing_cert(ca_key, ca_cert, "SỞ NỘI VỤ (bench)", organisation="Sở Nội vụ")
    p12 = directory / "agency.p12"
    p12.write_bytes(pki.pkcs12_bytes(key, cert, ca_cert, passphrase="bench"))  # noqa: S106 (a bench key)
    if not (shutil.which("softhsm2-util") and shutil.which("pkcs11-tool") and Path(SOFTHSM_MODULE).exists()):
        return p12, None
    (directory / "tokens").mkdir()
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    key_pem, cert_der = directory / "key.pem", directory / "cert.der"
    key_pem.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    for command in (
        ["softhsm2-util", "--init-token", "--free", "--label", "bench", "--pin", "1234", "--so-pin", "12345678"],
        ["softhsm2-util", "--import", str(key_pem), "--token", "bench", "--label", "agency", "--id", "01"]
        + ["--pin", "1234"],
        ["pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", "bench", "--login", "--pin", "1234"]
        + ["--write-object", str(cert_der), "--type", "cert", "--label", "agency", "--id", "01"],
    ):
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603
    return p12, "bench"


def run():
    from bench.documents import current_document, organisation
    from procedures.copies import printing
    from procedures.models import CopyKind, PdfSignature
    from qms.models import AgencyCertificate, KeyStore

    people, department, section = organisation()
    issue = current_document(
        people, department, section, "Quy trình tiếp nhận và giải quyết hồ sơ", STEPS_FOR_20_PAGES, signed=True
    )
    agency = printing.agency_for(issue)
    directory = Path(tempfile.mkdtemp(prefix="qms-bench-signing-"))
    p12, token = make_keys(directory)
    os.environ["QMS_BENCH_SECRET"] = "bench"  # noqa: S105 (a bench key)
    os.environ["QMS_BENCH_PIN"] = "1234"
    keys = {
        "file": AgencyCertificate(
            agency=agency,
            store=KeyStore.PKCS12,
            pkcs12_path=str(p12),
            passphrase_env="QMS_BENCH_SECRET",  # noqa: S106 (the variable's name)
            is_active=False,
        )
    }
    if token:
        keys["softhsm2"] = AgencyCertificate(
            agency=agency,
            store=KeyStore.PKCS11,
            pkcs11_module=SOFTHSM_MODULE,
            token_label=token,
            key_label="agency",
            passphrase_env="QMS_BENCH_PIN",  # noqa: S106 (the variable's name)
            is_active=False,
        )
    for certificate in keys.values():
        certificate.save()

    def use(mode):
        AgencyCertificate.objects.filter(agency=agency).update(is_active=False)
        if mode in keys:
            AgencyCertificate.objects.filter(pk=keys[mode].pk).update(is_active=True)

    modes = ["unsigned", *keys]
    times = {mode: [] for mode in modes}
    first_day = issue.effective_date + datetime.timedelta(days=10)
    # One render of each kind first, not counted: fonts, the PKCS#12 file, the token library load once.
    for offset, mode in enumerate(modes):
        use(mode)
        printing.get_or_render(issue, CopyKind.UNCONTROLLED, today=first_day - datetime.timedelta(days=offset + 1))
    sizes = {}
    for n in range(ROUNDS):
        for offset, mode in enumerate(modes):
            use(mode)
            day = first_day + datetime.timedelta(days=n * len(modes) + offset)
            start = time.perf_counter()
            copy = printing.get_or_render(issue, CopyKind.UNCONTROLLED, today=day)
            times[mode].append(time.perf_counter() - start)
            expected = PdfSignature.UNSIGNED if mode == "unsigned" else PdfSignature.SIGNED
            assert copy.signature == expected, (mode, copy.signature, copy.signing_problem)
            sizes[mode] = copy.size
    # The signing step alone, on the final bytes of one copy: steadier than a difference of two
    # renders when the machine is shared.
    from qms import pdf, pdf_signing

    html = printing.build_html(
        issue, CopyKind.UNCONTROLLED, code="BENCH", print_date=first_day, agency=agency, signature_box=True
    )
    data, box = pdf.html_to_pdf_and_box(html, identifier="BENCH", box_id="pdf-signature")
    signing_only = {}
    for mode in keys:
        use(mode)
        pdf_signing.sign_pdf(data, agency, box=box)
        runs = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            pdf_signing.sign_pdf(data, agency, box=box)
            runs.append(time.perf_counter() - start)
        signing_only[mode] = statistics.median(runs)
    shutil.rmtree(directory, ignore_errors=True)

    base = statistics.median(times["unsigned"])
    lines = [
        f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        f"unsigned first render of a 20-page procedure (median of {ROUNDS}): {base * 1000:.0f} ms, "
        f"{sizes['unsigned'] // 1024} KiB",
    ]
    targets = {"file": 15, "softhsm2": 30}
    for mode in keys:
        median = statistics.median(times[mode])
        lines.append(
            f"signed with the {mode} key (median of {ROUNDS}): {median * 1000:.0f} ms, {sizes[mode] // 1024} KiB; "
            f"overhead {(median / base - 1) * 100:.1f} % (target <= {targets[mode]} %)"
        )
        lines.append(
            f"  the signing step alone with the {mode} key (median of {ROUNDS}): "
            f"{signing_only[mode] * 1000:.0f} ms = {signing_only[mode] / base * 100:.1f} % of the unsigned render"
        )
    if "softhsm2" not in keys:
        lines.append("SoftHSM2 not installed (.ci/system-packages): token not measured")
    return lines
