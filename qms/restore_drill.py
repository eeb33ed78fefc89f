"""The restore drill (`manage.py restore_drill`, `make restore-drill`): prove that a backup restores.

A backup the way production takes it (docs/operations.md): ``pg_dump`` of
the PostgreSQL database and a copy of every stored object (from the bucket or
MEDIA_ROOT) with its SHA-256. Then a restore into fresh ones: a scratch
database (``pg_restore``) and a scratch bucket (or directory), which the
configured ones never are. Then, in a separate process that knows only the
scratch database and storage, the checks:

- every stored object came back with the SHA-256 it had when backed up;
- every file a record names (any FileField) is in the restored storage;
- Wagtail's documents and images still match their recorded file hash;
- ``verify_integrity``: the keyed chain, the records against their history,
  the signed revisions, and each PDF copy and evidence file against the
  SHA-256 recorded when it was stored.

The report says what was checked; any mismatch makes the command exit 1.
The scratch database, storage and backup are removed unless ``--keep``.
The source is only read (pg_dump, object reads).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.utils import timezone

from qms import storage


class DrillError(Exception):
    pass


@dataclass
class Report:
    lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def say(self, line):
        self.lines.append(line)

    def fail(self, line):
        self.problems.append(line)


def _pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db):
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    return args


def _run(command, db):
    done = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise DrillError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
    return done


def database_url(db, name):
    credentials = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{name}"


def scratch_name(base, stamp):
    return f"{base[: 63 - len(stamp) - 7]}-drill-{stamp}"


# Backup -----------------------------------------------------------------------------


def back_up(workdir, report):
    """pg_dump the database and copy every stored object with its SHA-256 into ``workdir``."""
    db = connection.settings_dict
    dump = workdir / "database.dump"
    started = time.monotonic()
    _run(["pg_dump", *_pg_args(db), "--format=custom", "--no-owner", "--file", str(dump), db["NAME"]], db)
    objects = workdir / "objects"
    manifest = {}
    size = 0
    for name in storage.stored_names():
        target = objects / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
            for chunk in iter(lambda source=source: source.read(1 << 20), b""):
                digest.update(chunk)
                copy.write(chunk)
                size += len(chunk)
        manifest[name] = digest.hexdigest()
    (workdir / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    where = "local disk" if storage.is_local() else f"bucket {default_storage.bucket_name}"
    report.say(
        f"Backup: database {db['NAME']} (pg_dump, {dump.stat().st_size // 1024} KiB) and {len(manifest)} stored "
        f"file(s), {size // 1024} KiB, from {where}, in {time.monotonic() - started:.1f} s"
    )
    return dump, objects, manifest


# Restore into scratch ones -------------------------------------------------------------


def restore_database(dump, name):
    db = connection.settings_dict
    _run(["createdb", *_pg_args(db), "--template=template0", name], db)
    _run(["pg_restore", *_pg_args(db), "--no-owner", "--no-privileges", "--exit-on-error", "-d", name, str(dump)], db)


def drop_database(name):
    db = connection.settings_dict
    _run(["dropdb", *_pg_args(db), "--if-exists", name], db)


class ScratchStorage:
    """A fresh directory, or a fresh bucket beside the configured one (same endpoint and credentials)."""

    def __init__(self, stamp):
        self.local = storage.is_local()
        if self.local:
            self.root = Path(tempfile.mkdtemp(prefix=f"qms-drill-media-{stamp}-"))
            self.storage = FileSystemStorage(location=self.root)
            self.label = f"directory {self.root}"
        else:
            from storages.backends.s3 import S3Storage

            source = default_storage
            self.bucket = scratch_name(source.bucket_name, stamp).lower()
            client = source.connection.meta.client
            options = {"Bucket": self.bucket}
            region = client.meta.region_name
            if region and region != "us-east-1":
                options["CreateBucketConfiguration"] = {"LocationConstraint": region}
            client.create_bucket(**options)
            self.storage = S3Storage(
                bucket_name=self.bucket,
                location=source.location,
                endpoint_url=source.endpoint_url,
                region_name=source.region_name,
                access_key=source.access_key,
                secret_key=source.secret_key,
                addressing_style=source.addressing_style,
                signature_version=source.signature_version,
                default_acl=None,
                querystring_auth=True,
                file_overwrite=False,
            )
            self.label = f"bucket {self.bucket}"

    def fill(self, objects, manifest):
        for name in manifest:
            with open(objects / name, "rb") as handle:
                storage.put(name, File(handle), storage=self.storage)

    def env(self):
        """What the checking process reads (qms/settings/base.py) to use this storage and no other."""
        if self.local:
            return {"MEDIA_ROOT": str(self.root), "QMS_S3_BUCKET": ""}
        source = default_storage
        env = {"QMS_S3_BUCKET": self.bucket, "QMS_S3_PREFIX": source.location or ""}
        for key, value in (
            ("AWS_S3_ENDPOINT_URL", source.endpoint_url),
            ("AWS_S3_REGION_NAME", source.region_name),
            ("AWS_S3_ADDRESSING_STYLE", source.addressing_style),
            ("AWS_ACCESS_KEY_ID", source.access_key),
            ("AWS_SECRET_ACCESS_KEY", source.secret_key),
        ):
            if value:
                env[key] = value
        return env

    def remove(self):
        if self.local:
            shutil.rmtree(self.root, ignore_errors=True)
            return
        bucket = self.storage.bucket
        bucket.objects.all().delete()
        bucket.delete()


# The checks, run inside the restored installation ---------------------------------------


def check_restored(manifest, report):
    """In the process configured with the scratch database and storage only."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import models

    present = set(storage.stored_names())
    mismatched = 0
    for name, expected in sorted(manifest.items()):
        if name not in present:
            report.fail(f"stored file {name} was not restored")
            mismatched += 1
        elif storage.sha256_of(name) != expected:
            report.fail(f"stored file {name} does not match its backup (SHA-256)")
            mismatched += 1
    report.say(f"Stored files: {len(manifest)} restored, {len(manifest) - mismatched} match their backup SHA-256")

    named = 0
    hashed = 0
    for model in apps.get_models():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for file_field in file_fields:
            rows = model._base_manager.exclude(**{file_field.name: ""}).exclude(**{f"{file_field.name}__isnull": True})
            for pk, name in rows.values_list("pk", file_field.name).iterator():
                named += 1
                if name not in present:
                    report.fail(f"{model._meta.label} #{pk}: its file {name} is not in the restored storage")
        if file_fields and any(f.name == "file_hash" for f in model._meta.concrete_fields):
            # Wagtail's documents and images record the SHA-1 of their file.
            for pk, name, expected in model._base_manager.values_list("pk", "file", "file_hash").iterator():
                if not expected or name not in present:
                    continue
                digest = hashlib.sha1(usedforsecurity=False)
                with default_storage.open(name, "rb") as handle:
                    for chunk in iter(lambda handle=handle: handle.read(1 << 20), b""):
                        digest.update(chunk)
                hashed += 1
                if digest.hexdigest() != expected:
                    report.fail(f"{model._meta.label} #{pk}: its file {name} does not match its file hash")
    report.say(f"Files named by records: {named}, checked present; Wagtail documents and images hashed: {hashed}")

    out, err = _Capture(), _Capture()
    try:
        call_command("verify_integrity", stdout=out, stderr=err)
    except CommandError as failed:
        report.fail(f"verify_integrity: {failed}")
        for line in err.text().splitlines():
            report.fail(f"  {line}")
    else:
        report.say("verify_integrity: " + " ".join(out.text().split("\n")).strip())


class _Capture:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def text(self):
        return "".join(self.parts)


# The drill -----------------------------------------------------------------------------


def run(*, keep=False, workdir=None):
    """Back up, restore into scratch ones, check there. Returns the Report (problems empty: passed)."""
    if connection.vendor != "postgresql":
        raise DrillError("The restore drill needs PostgreSQL (pg_dump and pg_restore).")
    report = Report()
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    workdir = Path(workdir or tempfile.mkdtemp(prefix="qms-drill-"))
    workdir.mkdir(parents=True, exist_ok=True)
    scratch_db = scratch_name(connection.settings_dict["NAME"], stamp).replace("-", "_")
    scratch = None
    report.say(f"Restore drill {timezone.localtime():%Y-%m-%d %H:%M}")
    try:
        dump, objects, manifest = back_up(workdir, report)
        started = time.monotonic()
        restore_database(dump, scratch_db)
        scratch = ScratchStorage(stamp)
        scratch.fill(objects, manifest)
        report.say(
            f"Restore: into scratch database {scratch_db} and scratch {scratch.label} "
            f"in {time.monotonic() - started:.1f} s"
        )
        env = {**os.environ, **scratch.env()}
        env["DATABASE_URL"] = database_url(connection.settings_dict, scratch_db)
        checked = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "restore_drill", "--check-restored", str(workdir / "manifest.json")],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            result = json.loads(checked.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            raise DrillError(f"the check of the restored copy did not run: {checked.stderr.strip()[-2000:]}") from None
        report.lines.extend(result["lines"])
        report.problems.extend(result["problems"])
    except DrillError as exc:
        report.fail(str(exc))
    finally:
        if not keep:
            if scratch is not None:
                scratch.remove()
            drop_database(scratch_db)
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            kept = f"Kept: backup in {workdir}, scratch database {scratch_db}"
            report.say(kept + (f", scratch {scratch.label}" if scratch else ""))
    return report
