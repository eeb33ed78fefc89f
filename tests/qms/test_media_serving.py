"""Uploaded files are reachable only through permission-checked views, in every
setting: MEDIA_URL serves nothing directly, even with DEBUG on (`make run`).
Wagtail image files (the admin's image library) go through a view that asks for
the image permissions of the image's collection."""

import importlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from qms import roles
from tests import upload_samples as samples
from tests.qms.factories import (
    AgencyFactory,
    DepartmentFactory,
    HeadFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
    first_agency,
)


@pytest.fixture
def dev_urls(settings):
    """The URLconf as `make run` (qms.settings.dev, DEBUG on) builds it."""
    import qms.urls

    settings.DEBUG = True
    importlib.reload(qms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(qms.urls)
    clear_url_caches()


@pytest.fixture
def private_files(db):
    """A file attached to a draft procedure (a Wagtail document no current issue
    links to), a change request's attachment and a piece of audit evidence."""
    draft_attachment = Document.objects.create(title="Dự thảo biểu mẫu", file=ContentFile(samples.pdf(), "du-thao.pdf"))
    return [
        draft_attachment.file.name,
        default_storage.save("change-requests/2026/ly-do.pdf", ContentFile(samples.pdf())),
        default_storage.save("audits/evidence/2026/05/bien-ban.jpg", ContentFile(samples.jpeg())),
    ]


@pytest.mark.parametrize("role", [roles.STAFF, roles.DEPARTMENT_HEAD, roles.ISO_SECRETARY, "superuser"])
def test_media_url_serves_no_uploaded_file_even_in_development(client, dev_urls, private_files, role):
    user = SuperuserFactory() if role == "superuser" else UserFactory(username="nguoidung", role=role)
    client.force_login(user)
    for name in private_files:
        assert default_storage.exists(name)
        assert client.get(f"/media/{name}").status_code == 404, name


def png_image(title="Sơ đồ"):
    """An image uploaded into the first agency's collection."""
    out = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "green").save(out, format="PNG")
    return Image.objects.create(
        title=title, file=ContentFile(out.getvalue(), "so-do.png"), collection=first_agency().collection
    )


def test_image_library_files_reach_only_those_who_may_see_the_library(db, client, dev_urls):
    image = png_image()
    thumbnail = image.get_rendition("max-165x165")
    drafter, staff = HeadFactory(username="truongphong"), StaffFactory(username="nhanvien")
    other_drafter = HeadFactory(username="truongphongxa", department=DepartmentFactory(agency=AgencyFactory()))
    for url in (thumbnail.url, image.file.url):
        assert url.startswith("/media/")
        client.force_login(drafter)
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        client.force_login(staff)
        assert client.get(url).status_code == 404, url
        # A drafter of another agency: its files are not theirs to see.
        client.force_login(other_drafter)
        assert client.get(url).status_code == 404, url
        client.logout()
        assert client.get(url).status_code == 302  # to the sign-in page


def test_an_unknown_file_under_the_image_folders_is_not_served(db, client):
    name = default_storage.save("images/khong-phai-anh.pdf", ContentFile(samples.pdf()))
    client.force_login(HeadFactory(username="truongphong"))
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/media/images/../audits/evidence/x.jpg").status_code == 404
