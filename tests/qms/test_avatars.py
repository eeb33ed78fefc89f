"""People's pictures in the admin (issue 15): their initials, drawn by the installation; never a
picture asked of an outside server about their e-mail address; their own picture once uploaded."""

from urllib.parse import unquote

from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.users.models import UserProfile

from qms import avatars
from tests.qms.factories import UserFactory
from tests.upload_samples import png


def test_initials_are_the_family_and_given_names_first_letters(db):
    assert avatars.initials(UserFactory.build(full_name="Võ Thị Ngọc Lan")) == "VL"
    assert avatars.initials(UserFactory.build(full_name="Đặng Văn Ơn")) == "ĐƠ"
    assert avatars.initials(UserFactory.build(username="thuky", full_name="")) == "T"


def test_the_admin_shows_initials_and_asks_no_outside_server(client, org):
    secretary = org["secretary"]
    secretary.email = "thuky@snv.vinhlong.gov.vn"
    secretary.save()
    client.force_login(secretary)
    html = unquote(client.get("/admin/").content.decode())
    assert "gravatar" not in html.lower()
    assert "data:image/svg+xml" in html and ">NH</text>" in html  # Nguyễn Thị Thu Hà


def test_an_uploaded_picture_is_shown_instead(client, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    secretary = org["secretary"]
    profile = UserProfile.get_for_user(secretary)
    profile.avatar = SimpleUploadedFile("ha.png", png(), content_type="image/png")
    profile.save()
    client.force_login(secretary)
    html = unquote(client.get("/admin/").content.decode())
    assert ">NH</text>" not in html
    assert profile.avatar.url in html
