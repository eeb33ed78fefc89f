"""Fixtures every test directory shares. Each one is built by the factories of
tests/qms, tests/procedures and tests/audits; no conftest imports another's fixtures."""

import datetime

import pytest
from django.utils import timezone

from tests.procedures.factories import ControlledDocumentPageFactory, LibraryPageFactory, SectionPageFactory
from tests.qms.factories import (
    ApproverFactory,
    AuditorFactory,
    DepartmentFactory,
    HeadFactory,
    SecretaryFactory,
    StaffFactory,
)


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    # Transactional tests (threads, live server) end with a flush; qms.seed puts
    # back the rows migrations create (see qms/apps.py) for the tests that follow.

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
    if any("redis" in item.keywords for item in items) and not redis_answers():
        skip = pytest.mark.skip(reason="needs a Redis server (TEST_REDIS_URL, default redis://127.0.0.1:6379/15)")
        for item in items:
            if "redis" in item.keywords:
                item.add_marker(skip)


def redis_answers():
    import os

    import redis

    try:
        return redis.Redis.from_url(
            os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"), socket_connect_timeout=2
        ).ping()
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3-compatible server (moto, its own process on a free port: tests/s3_server.py)."""
    from tests.s3_server import S3Server

    server = S3Server(tmp_path_factory.mktemp("s3"))
    yield server
    server.stop()


@pytest.fixture
def object_storage(settings, s3_server):
    """The default storage is a fresh bucket of the test S3 server, as with QMS_S3_BUCKET; returns its name."""
    bucket = s3_server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.bucket_storage(bucket)}
    return bucket


@pytest.fixture
def department(db):
    return DepartmentFactory(name="Phòng Công chức, viên chức", code="ccvc")


@pytest.fixture
def staff_user(department):
    return StaffFactory(username="nhanvien", department=department, full_name="Võ Thị Ngọc Lan")


@pytest.fixture
def secretary(department):
    return SecretaryFactory(username="thuky", department=department, full_name="Nguyễn Thị Thu Hà")


@pytest.fixture
def org(db):
    """The Sở Nội vụ in small: four departments and a person in each role (docs/roles.md)."""
    ccvc = DepartmentFactory(name="Phòng Công chức, viên chức", code="ccvc")
    vp = DepartmentFactory(name="Văn phòng Sở", code="vp")
    ld = DepartmentFactory(name="Ban Giám đốc", code="ld")
    tt = DepartmentFactory(name="Thanh tra Sở", code="tt")
    return {
        "head": HeadFactory(
            username="truongphong", department=ccvc, full_name="Trần Văn Minh", job_title="Trưởng phòng CCVC"
        ),
        "other_head": HeadFactory(
            username="truongvp", department=vp, full_name="Đỗ Văn Hùng", job_title="Chánh Văn phòng"
        ),
        "secretary": SecretaryFactory(username="thuky", department=vp, full_name="Nguyễn Thị Thu Hà"),
        "approver": ApproverFactory(username="lanhdao", department=ld, full_name="Lê Hoàng Nam"),
        "approver2": ApproverFactory(
            username="giamdoc", department=ld, full_name="Huỳnh Văn Tâm", job_title="Giám đốc Sở"
        ),
        "auditor": AuditorFactory(
            username="danhgia", department=tt, full_name="Phạm Thị Mai", job_title="Chánh Thanh tra"
        ),
        "staff": StaffFactory(username="nhanvien", department=ccvc, full_name="Võ Thị Ngọc Lan"),
        "ccvc": ccvc,
    }


@pytest.fixture
def library(db):
    return LibraryPageFactory()


@pytest.fixture
def section(library, org):
    return SectionPageFactory(parent=library, title="Phòng CCVC", slug="ccvc", department=org["ccvc"])


@pytest.fixture
def make_document(section, org):
    """make(title, body, author, **fields) -> a document of the CCVC section with the author's first draft."""

    def make(title="Quy trình tuyển dụng công chức", body=None, author=None, **fields):
        if body is not None:
            fields["body"] = body
        return ControlledDocumentPageFactory(parent=section, title=title, revision_by=author or org["head"], **fields)

    return make


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)
