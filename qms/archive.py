"""Backup and restore: everything needed to rebuild the system in one file.

An archive is a .tar.gz holding data.json (every table but those Django and
the search index rebuild by themselves), the stored files (forms, rendered
PDFs, evidence; read through the storage API, from MEDIA_ROOT or the bucket),
and MANIFEST.json with the SHA-256 of each member, so a damaged archive is
refused before anything is restored.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import timezone

from qms import db_guards, storage

# Rebuilt by `migrate` or by the search index, or transient.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "wagtailsearch", "django_tasks_database"]
FORMAT_VERSION = 1


class ArchiveError(Exception):
    pass


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files():
    """Every stored file's name in the default storage (MEDIA_ROOT or the bucket)."""
    return storage.stored_names()


def write_archive(target):
    """Write the archive to `target` (a path). Returns the manifest."""
    target = Path(target)
    with tempfile.TemporaryDirectory() as workdir:
        data_path = Path(workdir) / "data.json"
        call_command(
            "dumpdata",
            "--natural-foreign",
            *sum((["-e", app] for app in EXCLUDED), []),
            "-o",
            str(data_path),
            verbosity=0,
        )
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "files": {"data.json": sha256_file(data_path)},
        }
        partial = target.with_suffix(target.suffix + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(data_path, arcname="data.json")
            for name in media_files():
                # Each file through a local copy: the storage may be a bucket on another machine.
                with default_storage.open(name, "rb") as source, tempfile.TemporaryFile() as local:
                    digest = hashlib.sha256()
                    for chunk in iter(lambda source=source: source.read(1 << 20), b""):
                        digest.update(chunk)
                        local.write(chunk)
                    manifest["files"]["media/" + name] = digest.hexdigest()
                    info = tarfile.TarInfo("media/" + name)
                    info.size = local.tell()
                    local.seek(0)
                    tar.addfile(info, local)
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
            info = tarfile.TarInfo("MANIFEST.json")
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
        partial.replace(target)
    return manifest


def database_is_empty():
    """No user and no row of the models the apps named (qms.registry.add_restore_guard)."""
    from django.apps import apps

    from qms import registry
    from qms.models import User

    return not User.objects.exists() and not any(
        apps.get_model(label).objects.exists() for label in registry.restore_guards()
    )


def restore_archive(source):
    """Rebuild an empty database and the media files from an archive."""
    if not database_is_empty():
        raise ArchiveError("The database is not empty: restore only into a freshly migrated, empty database.")
    with tempfile.TemporaryDirectory() as workdir, tarfile.open(source, "r:gz") as tar:
        names = tar.getnames()
        if "MANIFEST.json" not in names or "data.json" not in names:
            raise ArchiveError("Not a QMS archive: MANIFEST.json or data.json is missing.")
        for member in tar.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                raise ArchiveError(f"Refusing a suspicious archive member: {member.name}")
        tar.extractall(workdir, filter="data")
        manifest = json.loads((Path(workdir) / "MANIFEST.json").read_text(encoding="utf-8"))
        for name, expected in manifest["files"].items():
            path = Path(workdir) / name
            if not path.exists() or sha256_file(path) != expected:
                raise ArchiveError(f"The archive is damaged: {name} does not match its checksum.")
        # The archive holds the history rows and the chain as they were: loading
        # a user's groups must not write a new history row (simple-history
        # records many-to-many changes even while a fixture loads).
        # It also fills in references to rows loaded later with an UPDATE, which the
        # database refuses on history rows: its guards are lifted for the load (qms.db_guards).
        with override_settings(SIMPLE_HISTORY_ENABLED=False), db_guards.lifted_for_restore():
            call_command("loaddata", str(Path(workdir) / "data.json"), verbosity=0)
        for name in manifest["files"]:
            if name.startswith("media/"):
                with open(Path(workdir) / name, "rb") as handle:
                    storage.put(name[len("media/") :], File(handle))
    call_command("update_index", verbosity=0)
    return manifest
