"""`manage.py verify_pdf FILE...`: the PAdES signatures of PDF files, checked offline.

The same check as /verify/'s upload (qms/pdf_verification.py), against the
configured trust roots; nothing is fetched from the network. Exits 1 when a
file carries no signature, or one that is invalid, untrusted or modified.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qms import pdf_verification


class Command(BaseCommand):
    help = "Validate the digital (PAdES) signatures of PDF files against the configured trust roots."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        all_ok = True
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
            report = pdf_verification.inspect(data)
            if report.error or not report.signed:
                all_ok = False
                self.stdout.write(f"{path}: {report.error or 'no digital signature'}")
                continue
            for signature in report.signatures:
                all_ok = all_ok and signature.ok
                verdict = "VALID" if signature.ok else ("MODIFIED" if signature.modified else "NOT VALID")
                when = signature.signed_at.isoformat() if signature.signed_at else "-"
                self.stdout.write(
                    f"{path}: {verdict}; field {signature.field}; signed by {signature.signer}; at {when}"
                    f"{' (time-stamped)' if signature.timestamped else ''}; "
                    f"intact: {signature.intact}; signature valid: {signature.valid}; "
                    f"trusted: {signature.trusted}; modified after signing: {signature.modified}"
                )
        if not all_ok:
            raise SystemExit(1)
