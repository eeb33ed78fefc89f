"""The agency's people and departments, made by factory_boy.

Every test builds its organisation from these factories (the conftests' fixtures
too). A user made by a role's factory is in that role's group; a department
head made by HeadFactory is also recorded as the head of their department when
it has none yet (audits ask Department.head, document control asks the role).
"""

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from qms import roles
from qms.models import Agency, AgencyLevel, Department, Notification, User

# Every factory-made person signs in, and signs, with this password.
PASSWORD = "Correct-Horse-9"


def first_agency():
    """The installation's first agency (migrations and every flush make it)."""
    return Agency.objects.order_by("pk").first()


class AgencyFactory(DjangoModelFactory):
    """Another agency of the province; creating it sets up its groups, library and document types."""

    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    agency_name = factory.Sequence(lambda n: f"UBND XÃ SỐ {n}")
    code = factory.Sequence(lambda n: f"xa-{n}")
    level = AgencyLevel.COMMUNE
    superior_body = "UBND HUYỆN LONG HỒ"


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("agency", "code")

    agency = factory.LazyFunction(first_agency)
    name = factory.Sequence(lambda n: f"Phòng số {n}")
    code = factory.Sequence(lambda n: f"phong-{n}")


def _add_role(user, role):
    if role:
        user.groups.add(Group.objects.get(name=role))


def role_hook(default=None):
    """The user's role group: the factory's own, or role=... given at the call (None for none)."""

    def add(user, create, extracted, **kwargs):
        if create:
            _add_role(user, default if extracted is None else extracted)

    return factory.PostGeneration(add)


class UserFactory(DjangoModelFactory):
    """A person without a role (a superuser, or someone just arrived); role="..." gives one."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.LazyAttribute(lambda user: user.username.title())
    job_title = "Chuyên viên"
    email = ""  # no mail unless a test gives an address
    department = None
    agency = factory.LazyAttribute(lambda user: user.department.agency if user.department else first_agency())
    password = factory.django.Password(PASSWORD)
    role = role_hook()


class StaffFactory(UserFactory):
    role = role_hook(roles.STAFF)


class SecretaryFactory(UserFactory):
    job_title = "Thư ký ISO"
    role = role_hook(roles.ISO_SECRETARY)


class ApproverFactory(UserFactory):
    job_title = "Phó Giám đốc Sở"
    role = role_hook(roles.APPROVER)


class AuditorFactory(UserFactory):
    job_title = "Chuyên gia đánh giá nội bộ"
    role = role_hook(roles.INTERNAL_AUDITOR)


class HeadFactory(UserFactory):
    job_title = "Trưởng phòng"
    role = role_hook(roles.DEPARTMENT_HEAD)

    @factory.post_generation
    def heads_department(user, create, extracted, **kwargs):
        """Recorded as the department's head unless it has one (heads_department=False: never)."""
        department = user.department
        if create and extracted is not False and department is not None and department.head_id is None:
            department.head = user
            department.save(update_fields=["head"])


class SuperuserFactory(UserFactory):
    """The person who manages users (docs/roles.md): a Django superuser in no role group."""

    username = "quantri"
    full_name = "Quản trị hệ thống"
    job_title = "Quản trị hệ thống"
    is_superuser = True
    is_staff = True


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(StaffFactory)
    kind = "change_request_raised"
    params = factory.LazyFunction(lambda: {"number": "YCSĐ-2026-001", "code": "QT-01", "title": "Quy trình"})
    url = "/kiem-soat/yeu-cau-sua-doi/"
    key = factory.Sequence(lambda n: f"thong-bao:{n}")
