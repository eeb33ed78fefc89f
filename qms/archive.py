"""Backup and restore: everything needed to rebuild the system in one file.

An archive is a .tar.gz holding data.json (every table but those Django and
the search index rebuild by themselves), the media files (forms, rendered
PDFs, evidence), and MANIFEST.json with the SHA-256 of each member, so a
damaged archive is refused before anything is restored.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import timezone

from qms import db_guards

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
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


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
        root = Path(settings.MEDIA_ROOT)
        files = media_files()
        for path in files:
            manifest["files"]["media/" + path.relative_to(root).as_posix()] = sha256_file(path)
        partial = target.with_suffix(target.suffix + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(data_path, arcname="data.json")
            for path in files:
                tar.add(path, arcname="media/" + path.relative_to(root).as_posix())
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
        media_root = Path(settings.MEDIA_ROOT)
        for name in manifest["files"]:
            if name.startswith("media/"):
                destination = media_root / name[len("media/") :]
                destination.parent.mkdir(parents=True, exist_ok=True)
                (Path(workdir) / name).replace(destination)
    call_command("update_index", verbosity=0)
    return manifest
