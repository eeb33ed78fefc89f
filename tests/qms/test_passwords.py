"""Passwords are stored in Argon2id at OWASP's parameters; older hashes keep working and are upgraded."""

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from qms.settings import base
from tests.qms.factories import PASSWORD


@pytest.fixture
def production_hashers(settings):
    # The test settings store passwords in fast MD5; these tests are about what production stores.
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def stored(user):
    user.refresh_from_db()
    return user.password


def test_a_new_password_is_stored_in_argon2id_at_owasps_parameters(production_hashers, staff_user):
    staff_user.set_password("Một mật khẩu mới 2026")
    staff_user.save()
    assert stored(staff_user).startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert staff_user.check_password("Một mật khẩu mới 2026")
    assert not staff_user.check_password("Một mật khẩu khác 2026")


@pytest.mark.parametrize(
    "older",
    [
        pytest.param("pbkdf2_sha256", id="pbkdf2"),
        pytest.param("argon2-django-defaults", id="argon2 at django's parameters"),
    ],
)
def test_an_older_hash_signs_in_and_is_rewritten_in_argon2id(production_hashers, client, staff_user, older):
    if older == "pbkdf2_sha256":
        staff_user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    else:
        from django.contrib.auth.hashers import Argon2PasswordHasher

        staff_user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
        assert "m=102400,t=2,p=8" in staff_user.password
    staff_user.save()

    response = client.post(reverse("login"), {"username": "nhanvien", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("portal")
    assert stored(staff_user).startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_wrong_password_leaves_an_older_hash_as_it_was(production_hashers, client, staff_user):
    staff_user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    staff_user.save()
    before = stored(staff_user)

    response = client.post(reverse("login"), {"username": "nhanvien", "password": "not the password"})

    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    assert stored(staff_user) == before
