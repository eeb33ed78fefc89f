"""Archive -> restore into an empty database -> every issue and file verifies.

Run as separate processes on their own SQLite files, as an operator would on
a new server.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(tmp_path, name, *args, check=True, extra_env=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="qms.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / name}.sqlite3",
        MEDIA_ROOT=str(tmp_path / f"{name}-media"),
        **(extra_env or {}),
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=check,
    )


def issues(db_path):
    with sqlite3.connect(db_path) as db:
        return sorted(
            db.execute("SELECT code, edition, amendment, status, body_sha256, body_html FROM procedures_issue")
        )


def media_hashes(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


# A small agency: the demo's people, and two documents with a form file,
# taken through the real workflow (the whole demo would only be slower).
BUILD = """
from io import StringIO
from qms.demo import organisation
from procedures.demo.documents import build_some
organisation.build(StringIO())
build_some(["QT-01", "QT-11"], StringIO())
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("archive")
    # Migrate once; each "new server" starts from a copy of that empty database.
    manage(tmp_path, "empty", "migrate", "--noinput")
    for name in ("source", "restored", "damaged"):
        shutil.copy(tmp_path / "empty.sqlite3", tmp_path / f"{name}.sqlite3")
    manage(tmp_path, "source", "shell", "-c", BUILD)
    manage(tmp_path, "source", "qms_archive", str(tmp_path / "backup.tar.gz"))
    return tmp_path


def test_archive_then_restore_rebuilds_everything_and_it_verifies(source):
    restored = manage(source, "restored", "qms_restore", str(source / "backup.tar.gz"))
    assert "intact" in restored.stdout
    before, after = issues(source / "source.sqlite3"), issues(source / "restored.sqlite3")
    assert len(after) == 5 and after == before  # QT-01 issued three times, QT-11 twice
    for _code, _e, _a, _status, body_sha, body in after:
        assert hashlib.sha256(body.encode()).hexdigest() == body_sha
    assert media_hashes(source / "restored-media") == media_hashes(source / "source-media")
    assert media_hashes(source / "restored-media"), "the forms of the demo are files"
    check = manage(source, "restored", "verify_integrity")
    assert "intact" in check.stdout
    with sqlite3.connect(source / "restored.sqlite3") as db, pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM procedures_issue")  # the restored database still keeps its records


def test_restore_refuses_a_non_empty_database(source):
    result = manage(source, "source", "qms_restore", str(source / "backup.tar.gz"), check=False)
    assert result.returncode != 0
    assert "not empty" in result.stderr


def test_restore_refuses_a_damaged_archive_and_restores_nothing(source):
    damaged = source / "damaged.tar.gz"
    with tarfile.open(source / "backup.tar.gz") as original, tarfile.open(damaged, "w:gz") as target:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "data.json":
                data = data.replace("Sở Nội vụ".encode(), "Sở Giả mạo".encode())
            member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    result = manage(source, "damaged", "qms_restore", str(damaged), check=False)
    assert result.returncode != 0
    assert "data.json does not match its checksum" in result.stderr
    with sqlite3.connect(source / "damaged.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM procedures_issue").fetchone() == (0,)
    with tarfile.open(source / "backup.tar.gz") as archive:
        manifest = json.loads(archive.extractfile("MANIFEST.json").read())
    assert "data.json" in manifest["files"]


def bucket_objects(s3, bucket):
    """Every object of the bucket: its key and the SHA-256 of its bytes."""
    keys = [
        o["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for o in page.get("Contents", [])
    ]
    return {key: hashlib.sha256(s3.get_object(Bucket=bucket, Key=key)["Body"].read()).hexdigest() for key in keys}


@pytest.mark.slow
def test_in_object_storage_the_archive_reads_the_bucket_and_restores_into_another(tmp_path, s3_server):
    """The same archive and restore with every file in an S3 bucket (QMS_S3_BUCKET): nothing on local disk."""
    s3 = s3_server.client()
    source_bucket, restored_bucket = s3_server.new_bucket(), s3_server.new_bucket()
    manage(tmp_path, "source", "migrate", "--noinput")
    shutil.copy(tmp_path / "source.sqlite3", tmp_path / "restored.sqlite3")
    on_source, on_restored = s3_server.env(source_bucket), s3_server.env(restored_bucket)
    manage(tmp_path, "source", "shell", "-c", BUILD, extra_env=on_source)
    stored = bucket_objects(s3, source_bucket)
    assert any(key.endswith(".pdf") for key in stored), "the rendered PDFs are in the bucket"

    archived = manage(tmp_path, "source", "qms_archive", str(tmp_path / "backup.tar.gz"), extra_env=on_source)
    assert f"({len(stored) + 1} files)" in archived.stdout  # data.json and every object
    with tarfile.open(tmp_path / "backup.tar.gz") as archive:
        manifest = json.loads(archive.extractfile("MANIFEST.json").read())
    assert {name[len("media/") :]: sha for name, sha in manifest["files"].items() if name != "data.json"} == stored

    restored = manage(tmp_path, "restored", "qms_restore", str(tmp_path / "backup.tar.gz"), extra_env=on_restored)
    assert "intact" in restored.stdout
    assert bucket_objects(s3, restored_bucket) == stored
    assert issues(tmp_path / "restored.sqlite3") == issues(tmp_path / "source.sqlite3")
    assert not (tmp_path / "source-media").exists() and not (tmp_path / "restored-media").exists()
    check = manage(tmp_path, "restored", "verify_integrity", extra_env=on_restored)
    assert "intact" in check.stdout
