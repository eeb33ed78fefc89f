"""`manage.py signing_certificate`: set, check or list the key an agency signs its PDFs with.

    manage.py signing_certificate AGENCY_CODE --pkcs12 /etc/qms/keys/snv.p12 --secret-env QMS_SNV_P12_PASS
    manage.py signing_certificate AGENCY_CODE --pkcs11-module /usr/lib/x.so --token TOKEN --key KEY \
        --secret-env QMS_SNV_PIN [--tsa https://tsa.example/]
    manage.py signing_certificate AGENCY_CODE --check
    manage.py signing_certificate --list

Setting a key signs a one-page test PDF with it first; only a key that signs
replaces the agency's current one (rotation: the old row is kept, no longer
in use). The secret itself is never given here: only the name of the
environment variable that holds it (docs/operations.md).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from qms import pdf, pdf_signing
from qms.models import Agency, AgencyCertificate, KeyStore


class Command(BaseCommand):
    help = "Set, check or list the key (PKCS#12 file or PKCS#11 token) an agency signs its PDFs with."

    def add_arguments(self, parser):
        parser.add_argument("agency", nargs="?", help="the agency's code")
        parser.add_argument("--list", action="store_true", help="list every agency's signing key")
        parser.add_argument("--check", action="store_true", help="sign a test PDF with the agency's current key")
        parser.add_argument("--pkcs12", help="path of the PKCS#12 file (outside the web root)")
        parser.add_argument("--pkcs11-module", help="path of the token's PKCS#11 module")
        parser.add_argument("--token", help="label of the token")
        parser.add_argument("--key", help="label of the key (and of its certificate) on the token")
        parser.add_argument("--secret-env", default="", help="environment variable holding the passphrase or PIN")
        parser.add_argument("--tsa", default="", help="URL of an RFC 3161 time-stamping authority")

    def handle(self, *args, **options):
        if options["list"]:
            for certificate in AgencyCertificate.objects.select_related("agency").order_by("agency__code", "-pk"):
                state = "in use" if certificate.is_active else "retired"
                until = certificate.not_after.date().isoformat() if certificate.not_after else "?"
                self.stdout.write(
                    f"{certificate.agency.code}: {state}; {certificate.store}; {certificate.subject}; until {until}"
                )
            return
        if not options["agency"]:
            raise CommandError("Give the agency's code (or --list).")
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency has the code {options['agency']!r}.")
        if options["check"]:
            certificate = pdf_signing.active_certificate(agency)
            if certificate is None:
                raise CommandError(f"{agency.code} has no signing key.")
            self.try_signing(agency, certificate)
            return
        certificate = self.new_certificate(agency, options)
        try:
            # The one-in-use constraint holds once the current key is retired, below.
            certificate.full_clean(exclude=["subject", "not_after"], validate_constraints=False)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            current = AgencyCertificate.objects.select_for_update().active().filter(agency=agency).first()
            if current is not None:
                current.is_active = False
                current.save(update_fields=["is_active"])
            certificate.save()
            self.try_signing(agency, certificate)  # refused: the transaction rolls back, the old key stays

    def new_certificate(self, agency, options):
        if options["pkcs12"]:
            return AgencyCertificate(
                agency=agency,
                store=KeyStore.PKCS12,
                pkcs12_path=options["pkcs12"],
                passphrase_env=options["secret_env"],
                tsa_url=options["tsa"],
            )
        if options["pkcs11_module"]:
            return AgencyCertificate(
                agency=agency,
                store=KeyStore.PKCS11,
                pkcs11_module=options["pkcs11_module"],
                token_label=options["token"] or "",
                key_label=options["key"] or "",
                passphrase_env=options["secret_env"],
                tsa_url=options["tsa"],
            )
        raise CommandError("Give --pkcs12 FILE or --pkcs11-module MODULE --token TOKEN --key KEY.")

    def try_signing(self, agency, certificate):
        data = pdf.html_to_pdf("<p>QMS</p>")
        try:
            signed = pdf_signing.sign_pdf(data, agency)
        except pdf_signing.SigningUnavailable as exc:
            raise CommandError(str(exc)) from exc
        certificate.refresh_from_db()
        self.stdout.write(
            f"{agency.code}: signs as {signed.subject} (PAdES {signed.level}), "
            f"valid until {certificate.not_after:%Y-%m-%d}"
        )
