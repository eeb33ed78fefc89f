"""A database made by the release before agencies migrates intact into the first agency.

tests/data/main-before-agencies.sql.gz is the SQL dump (``sqlite3.Connection.iterdump()``,
gzip level 9) of the SQLite database ``make run`` made on that release
(migrate + load_demo), and main-before-agencies-media.tar.gz its media files.
The test restores both into a temporary directory, migrates them with
``manage.py migrate`` in a subprocess (its own SQLite file, whichever database
the suite runs on), checks the integrity trail with the dev settings' key the
dump was made with, and compares the migrated rows with the dump's.
"""

import gzip
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
DUMP = DATA / "main-before-agencies.sql.gz"
MEDIA = DATA / "main-before-agencies-media.tar.gz"
ROOT = Path(__file__).resolve().parent.parent.parent

# iterdump writes a virtual table (the FTS5 search index) into sqlite_master
# with writable_schema, which the same connection cannot then use: the table is
# created by its own statement instead, and filled from the index it mirrors.
VIRTUAL_TABLE = re.compile(
    r"^INSERT INTO sqlite_master\(type,name,tbl_name,rootpage,sql\)"
    r"VALUES\('table','(?P<name>[^']+)','[^']+',0,'(?P<sql>CREATE VIRTUAL TABLE .*)'\);$",
    re.S,
)
FTS_COLUMNS = re.compile(r"USING fts5\((?P<columns>[^)]*)\)")


def statements(script):
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""


def restore(dump, path):
    """The dump restored into a new SQLite file at `path`."""
    virtual, kept = {}, []
    for statement in statements(gzip.decompress(dump.read_bytes()).decode()):
        if match := VIRTUAL_TABLE.match(statement):
            virtual[match["name"]] = match["sql"].replace("''", "'")
            kept.append(virtual[match["name"]] + ";")
        elif statement.startswith("PRAGMA writable_schema"):
            continue
        elif any(
            re.match(rf"""^(CREATE TABLE '{re.escape(name)}_\w+'|INSERT INTO "{re.escape(name)}(_\w+)?" )""", statement)
            for name in virtual
        ):
            continue  # the virtual table's shadow tables and rows: made again below
        else:
            kept.append(statement)
    connection = sqlite3.connect(path)
    try:
        connection.executescript("\n".join(kept))
        for name, sql in virtual.items():
            source = name.removesuffix("_fts")
            columns = FTS_COLUMNS.search(sql)
            if columns and source != name:
                names = ", ".join(column.strip() for column in columns["columns"].split(","))
                connection.execute(f"INSERT INTO {name}(rowid, {names}) SELECT id, {names} FROM {source}")  # noqa: S608 - names from the dump's schema
        connection.commit()
    finally:
        connection.close()


def rows(path, sql):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def manage(*args, database, media):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qms.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    environment.pop("QMS_INTEGRITY_KEY", None)  # the dev settings' key made the dump's trail
    return subprocess.run(  # noqa: S603 - this interpreter running the project's manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


# Every row of these tables is still there after the migrations, its columns of before unchanged.
KEPT = ("procedures_issue", "procedures_signature", "qms_chainentry")


def kept_rows(path, table, columns):
    return set(rows(path, f"SELECT {', '.join(columns)} FROM {table}"))  # noqa: S608 - names from the schema


@pytest.mark.slow
def test_the_database_before_agencies_migrates_into_one_agency_intact(tmp_path):
    database, media = tmp_path / "before.sqlite3", tmp_path / "media"
    restore(DUMP, database)
    media.mkdir()
    with tarfile.open(MEDIA) as archive:
        archive.extractall(media, filter="data")
    columns = {table: [row[1] for row in rows(database, f"PRAGMA table_info({table})")] for table in KEPT}
    before = {table: kept_rows(database, table, columns[table]) for table in KEPT}
    assert all(before.values())
    (settings_row,) = rows(database, "SELECT agency_name, superior_body FROM qms_agencysettings")

    migrated = manage("migrate", "--noinput", database=database, media=media)
    assert migrated.returncode == 0, migrated.stdout[-3000:] + migrated.stderr[-3000:]
    checked = manage("verify_integrity", database=database, media=media)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    assert "Integrity check passed" in checked.stdout

    for table in KEPT:
        after = kept_rows(database, table, columns[table])
        assert len(before[table]) <= len(after), table
        assert before[table] <= after, table
    (agency,) = rows(database, "SELECT id, agency_name, superior_body FROM qms_agency")
    assert agency[1:] == settings_row
    agency_id = agency[0]
    for table in (
        "qms_department",
        "qms_user",
        "procedures_documenttype",
        "audits_auditprogramme",
        "audits_correctiveaction",
        "procedures_librarypage",
    ):
        found = rows(database, f"SELECT DISTINCT agency_id FROM {table}")  # noqa: S608 - the table names above
        assert found == [(agency_id,)], table
    assert rows(database, "SELECT COUNT(*) FROM procedures_librarypage") == [(1,)]
