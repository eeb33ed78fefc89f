import pytest
from django.contrib.auth.models import Group

from qms import roles
from qms.models import Department, User

PASSWORD = "Correct-Horse-9"


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    # Transactional tests (threads, live server) end with a flush; qms.seed puts
    # back the rows migrations create (see qms/apps.py) for the tests that follow.

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def department(db):
    return Department.objects.create(name="Phòng Công chức, viên chức", code="ccvc")


@pytest.fixture
def make_user(db):
    def make(username, role=None, department=None, full_name="", job_title="Chuyên viên"):
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            full_name=full_name or username.title(),
            job_title=job_title,
            department=department,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def staff_user(make_user, department):
    return make_user("nhanvien", roles.STAFF, department, "Võ Thị Ngọc Lan")


@pytest.fixture
def secretary(make_user, department):
    return make_user("thuky", roles.ISO_SECRETARY, department, "Nguyễn Thị Thu Hà")
