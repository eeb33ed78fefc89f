"""Requests are refused by their declared size before their body is read
(qms.middleware.RequestSizeLimitMiddleware): 413 with a translated page."""

import pytest
from django.test import Client

from procedures.models import UploadThrottle
from tests.procedures.control_helpers import page_text
from tests.qms.factories import SecretaryFactory


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read

    def __iter__(self):
        raise AssertionError("the body was read")


def post_declaring(client, path, length):
    return client.generic(
        "POST",
        path,
        b"x",
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


def test_an_anonymous_100_mb_post_to_verify_is_refused_without_reading_it(db):
    response = post_declaring(Client(), "/verify/", 100 * 1024 * 1024)
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in page_text(response)
    assert not UploadThrottle.objects.exists()  # the upload was never counted, let alone read


def test_signed_in_people_are_refused_above_the_global_limit(db, client, settings):
    client.force_login(SecretaryFactory(username="thuky"))
    response = post_declaring(client, "/admin/documents/add/", settings.QMS_REQUEST_MAX_BYTES + 1)
    assert response.status_code == 413
    # Signed in, /verify/ keeps the small limit of the public page.
    response = post_declaring(client, "/verify/", settings.QMS_ANONYMOUS_REQUEST_MAX_BYTES + 1)
    assert response.status_code == 413


@pytest.mark.parametrize("path", ["/dang-nhap/", "/admin/login/"])
def test_anonymous_posts_anywhere_have_the_small_limit(db, settings, path):
    response = post_declaring(Client(), path, settings.QMS_ANONYMOUS_REQUEST_MAX_BYTES + 1)
    assert response.status_code == 413


def test_the_limits_leave_room_for_an_upload_at_its_own_limit(settings):
    assert settings.QMS_REQUEST_MAX_BYTES > settings.QMS_UPLOAD_MAX_BYTES
    assert settings.QMS_ANONYMOUS_REQUEST_MAX_BYTES > settings.QMS_VERIFY_UPLOAD_MAX_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.QMS_REQUEST_MAX_BYTES
