"""Single sign-on with the province's accounts (qms/sso.py), against a provider over real HTTP.

The provider (tests/qms/oidc_provider.py) runs in a thread; the id_token is
signed RS256 with a key made for the run and checked against its JWKS. The
test client is the browser: it opens the QMS's start address, follows the
redirect to the provider's /authorize itself, and brings the code back.
"""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from qms.models import RoleGrant, SigningPassword, User
from qms.sso import SIGNED_IN_AT
from tests.qms.factories import PASSWORD, SecretaryFactory, StaffFactory, UserFactory
from tests.qms.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

BUTTON = "Đăng nhập bằng tài khoản của tỉnh"
STRONG = "Ky-Ten-Cho-Chac-2026"


@pytest.fixture
def provider():
    running = Provider().start()
    yield running
    running.stop()


@pytest.fixture
def sso(settings, provider):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_ENDPOINT = provider.url("/.well-known/openid-configuration")
    return provider


def to_provider(client, provider, next_url=None):
    """Open the QMS's start address: the authorization request the browser is sent to."""
    response = client.get(reverse("sso_start"), {"next": next_url} if next_url else {})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(provider.url("/authorize?"))
    return location


def at_provider(location):
    """The browser at the province's sign-in: where it is sent back (the QMS callback, with code and state)."""
    answer = requests.get(location, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert back.path == reverse("sso_callback")
    return back.path, {key: values[0] for key, values in parse_qs(back.query).items()}


def sign_in(client, provider, claims, next_url=None):
    provider.next_claims = claims
    path, query = at_provider(to_provider(client, provider, next_url))
    return client.get(path, query)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


# Switched off


def test_without_settings_there_is_no_button_and_no_route(client, db, provider):
    assert BUTTON not in client.get(reverse("login")).content.decode()
    assert client.get("/dang-nhap/tinh/").status_code == 404
    assert client.get("/dang-nhap/tinh/ve/", {"code": "x", "state": "y"}).status_code == 404
    assert provider.requests == []


def test_a_client_without_endpoints_or_discovery_is_off(client, db, settings):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://sso.example/authorize"
    assert BUTTON not in client.get(reverse("login")).content.decode()
    assert client.get("/dang-nhap/tinh/").status_code == 404


# Switched on


def test_the_sign_in_page_offers_the_provinces_account_and_keeps_the_local_form(client, db, sso):
    page = client.get(reverse("login"), {"next": "/kiem-soat/"}).content.decode()
    assert BUTTON in page
    assert 'href="/dang-nhap/tinh/?next=/kiem-soat/"' in page
    assert 'name="password"' in page


def test_matched_by_username_signs_in_with_no_role_given(client, staff_user, sso):
    groups = set(staff_user.groups.values_list("name", flat=True))
    sso.next_claims = {"sub": "p-1", "preferred_username": "nhanvien", "email": "lan@snv.gov.vn"}
    path, query = at_provider(to_provider(client, sso))
    session_before = client.cookies["sessionid"].value
    response = client.get(path, query)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal")
    assert signed_in_as(client) == str(staff_user.pk)
    # A new session: django.contrib.auth.login cycles the key.
    assert client.cookies["sessionid"].value != session_before
    assert set(staff_user.groups.values_list("name", flat=True)) == groups
    assert not RoleGrant.objects.filter(user=staff_user).exists()
    # The whole protocol went over HTTP: discovery, token (with PKCE), keys, userinfo.
    assert {("GET", "/.well-known/openid-configuration"), ("POST", "/token"), ("GET", "/jwks")} <= set(sso.requests)
    assert ("GET", "/userinfo") in sso.requests
    assert client.get(reverse("portal")).status_code == 200


def test_a_secretary_goes_where_she_was_going(client, department, sso):
    SecretaryFactory(username="thuky", department=department)
    response = sign_in(client, sso, {"preferred_username": "thuky"}, next_url="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_are_never_sent_to_the_administration(client, staff_user, sso):
    response = sign_in(client, sso, {"preferred_username": "nhanvien"}, next_url="/admin/")
    assert response["Location"] == reverse("portal")


def test_a_next_address_elsewhere_is_not_followed(client, staff_user, sso):
    response = sign_in(client, sso, {"preferred_username": "nhanvien"}, next_url="https://evil.example/")
    assert response["Location"] == reverse("portal")


def test_explicit_endpoints_without_discovery(client, staff_user, settings, provider):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.url("/authorize")
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.url("/token")
    settings.OIDC_OP_USER_ENDPOINT = provider.url("/userinfo")
    settings.OIDC_OP_JWKS_ENDPOINT = provider.url("/jwks")
    sign_in(client, provider, {"preferred_username": "nhanvien"})
    assert signed_in_as(client) == str(staff_user.pk)
    assert ("GET", "/.well-known/openid-configuration") not in provider.requests


def test_matched_by_email_in_any_case(client, department, settings, sso):
    settings.OIDC_MATCH_BY = "email"
    person = StaffFactory(username="lan.vtn", department=department, email="Lan.VTN@snv.gov.vn")
    StaffFactory(username="lan.vtn2", department=department, email="other@snv.gov.vn")
    sign_in(client, sso, {"preferred_username": "ignored", "email": "lan.vtn@SNV.gov.vn", "email_verified": True})
    assert signed_in_as(client) == str(person.pk)


def test_an_unverified_email_does_not_match(client, department, settings, sso):
    settings.OIDC_MATCH_BY = "email"
    StaffFactory(username="lan.vtn", department=department, email="lan@snv.gov.vn")
    response = sign_in(client, sso, {"email": "lan@snv.gov.vn", "email_verified": False})
    assert response.status_code == 403
    assert signed_in_as(client) is None


def test_two_accounts_with_the_email_are_refused(client, department, settings, sso):
    settings.OIDC_MATCH_BY = "email"
    StaffFactory(username="a", department=department, email="lan@snv.gov.vn")
    StaffFactory(username="b", department=department, email="LAN@snv.gov.vn")
    response = sign_in(client, sso, {"email": "lan@snv.gov.vn"})
    assert response.status_code == 403
    assert "Không xác định được tài khoản của bạn" in response.content.decode()
    assert signed_in_as(client) is None


def test_an_unknown_account_is_refused_in_vietnamese_and_not_created(client, staff_user, sso):
    users = User.objects.count()
    response = sign_in(client, sso, {"preferred_username": "nguoila", "email": "la@tinh.gov.vn"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Tài khoản của bạn chưa được đăng ký trong hệ thống QMS" in page
    assert "thư ký ISO" in page
    assert User.objects.count() == users
    assert signed_in_as(client) is None


def test_an_unknown_account_is_created_without_roles_when_allowed(client, db, settings, sso):
    settings.OIDC_CREATE_USERS = True
    sign_in(client, sso, {"preferred_username": "moi", "email": "moi@tinh.gov.vn", "name": "Trần Mới"})
    person = User.objects.get(username="moi")
    assert signed_in_as(client) == str(person.pk)
    assert (person.email, person.full_name) == ("moi@tinh.gov.vn", "Trần Mới")
    assert not person.groups.exists() and not RoleGrant.objects.filter(user=person).exists()
    assert not person.has_usable_password()
    assert not person.is_staff and not person.is_superuser


def test_an_inactive_account_is_refused(client, staff_user, sso):
    staff_user.is_active = False
    staff_user.save()
    response = sign_in(client, sso, {"preferred_username": "nhanvien"})
    assert response.status_code == 403
    assert "Tài khoản của bạn đã ngừng hoạt động" in response.content.decode()
    assert signed_in_as(client) is None


def test_a_superuser_signs_in_on_the_local_form_only(client, db, sso):
    UserFactory(username="quantri", is_superuser=True, is_staff=True)
    response = sign_in(client, sso, {"preferred_username": "quantri"})
    assert response.status_code == 403
    assert signed_in_as(client) is None
    assert client.post(reverse("login"), {"username": "quantri", "password": PASSWORD}).status_code == 302


def test_a_state_the_session_does_not_hold_is_refused(client, staff_user, sso):
    sso.next_claims = {"preferred_username": "nhanvien"}
    path, query = at_provider(to_provider(client, sso))
    response = client.get(path, {**query, "state": "another-state"})
    assert response.status_code == 403
    assert "Đăng nhập bằng tài khoản của tỉnh không thành công" in response.content.decode()
    assert signed_in_as(client) is None
    assert ("POST", "/token") not in sso.requests


def test_an_answer_brought_to_another_browser_is_refused(client, staff_user, sso):
    sso.next_claims = {"preferred_username": "nhanvien"}
    path, query = at_provider(to_provider(client, sso))
    other = Client()
    assert other.get(path, query).status_code == 403
    assert other.session.get("_auth_user_id") is None


def test_an_answer_is_used_once(client, staff_user, sso):
    sso.next_claims = {"preferred_username": "nhanvien"}
    path, query = at_provider(to_provider(client, sso))
    assert client.get(path, query).status_code == 302
    client.logout()
    assert client.get(path, query).status_code == 403
    assert signed_in_as(client) is None


@pytest.mark.parametrize(
    "override",
    [
        {"nonce": "not-the-one-sent"},
        {"aud": "another-client"},
        {"iss": "http://127.0.0.1:1/"},
        {"exp": 1_000_000_000},
    ],
    ids=["nonce", "audience", "issuer", "expired"],
)
def test_an_id_token_that_does_not_match_is_refused(client, staff_user, sso, override):
    sso.id_token_overrides = override
    response = sign_in(client, sso, {"preferred_username": "nhanvien"})
    assert response.status_code == 403
    assert signed_in_as(client) is None


def test_an_id_token_signed_with_another_key_is_refused(client, staff_user, sso):
    # Same key id, another key: the JWKS publishes the real one, the signature does not verify.
    sso.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = sign_in(client, sso, {"preferred_username": "nhanvien"})
    assert response.status_code == 403
    assert signed_in_as(client) is None


def test_a_provider_that_does_not_answer_says_so(client, db, settings):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_ENDPOINT = "http://127.0.0.1:9/.well-known/openid-configuration"
    settings.OIDC_TIMEOUT = 2
    response = client.get(reverse("sso_start"))
    assert response.status_code == 503
    assert "Hệ thống đăng nhập của tỉnh không phản hồi" in response.content.decode()


def test_refusals_lock_nobody_and_local_sign_in_still_locks(client, staff_user, settings, sso):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in(client, sso, {"preferred_username": "nguoila"}).status_code == 403
    assert not AccessAttempt.objects.exists()
    sign_in(client, sso, {"preferred_username": "nhanvien"})
    assert signed_in_as(client) == str(staff_user.pk)
    local = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        local.post(reverse("login"), {"username": "nhanvien", "password": "wrong"})
    assert local.post(reverse("login"), {"username": "nhanvien", "password": PASSWORD}).status_code == 429


def test_switching_it_off_ends_the_sessions_it_opened(client, staff_user, settings, sso):
    sign_in(client, sso, {"preferred_username": "nhanvien"})
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(reverse("portal")).status_code == 302


# The signing password


def an_hour_ago(client):
    """The province's sign-in of this session happened an hour ago."""
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 3600
    session.save()


def province_account(department):
    person = SecretaryFactory(username="thuky.tinh", department=department)
    person.set_unusable_password()
    person.save()
    return person


def test_a_province_account_sets_its_signing_password_after_signing_in(client, department, sso):
    person = province_account(department)
    sign_in(client, sso, {"preferred_username": "thuky.tinh"})
    page = client.get(reverse("signing_password")).content.decode()
    assert "Bạn chưa đặt mật khẩu ký: bạn chưa thể ký" in page
    assert 'name="current"' not in page
    weak = client.post(reverse("signing_password"), {"new_password1": "12345", "new_password2": "12345"})
    assert weak.status_code == 200
    assert "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 10 ký tự." in weak.content.decode()
    assert not SigningPassword.objects.exists()
    response = client.post(reverse("signing_password"), {"new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302
    stored = SigningPassword.objects.get(user=person)
    assert STRONG not in stored.password and stored.matches(STRONG)
    assert stored.history.count() == 1
    # Later in the session, changing it asks for it (or a new sign-in with the province's account).
    an_hour_ago(client)
    page = client.get(reverse("signing_password")).content.decode()
    assert "Quên mật khẩu ký?" in page and "/dang-nhap/tinh/?next=/mat-khau-ky/" in page
    new = {"new_password1": STRONG + "x", "new_password2": STRONG + "x"}
    wrong = client.post(reverse("signing_password"), {**new, "current": "not-it"})
    assert "Sai mật khẩu: không có gì thay đổi." in wrong.content.decode()
    stored.refresh_from_db()
    assert stored.matches(STRONG)
    assert client.post(reverse("signing_password"), {**new, "current": STRONG}).status_code == 302
    stored.refresh_from_db()
    assert stored.matches(STRONG + "x") and stored.history.count() == 2


def test_a_forgotten_signing_password_is_replaced_after_signing_in_again(client, department, sso):
    person = province_account(department)
    sign_in(client, sso, {"preferred_username": "thuky.tinh"})
    client.post(reverse("signing_password"), {"new_password1": STRONG, "new_password2": STRONG})
    an_hour_ago(client)
    forgotten = {"new_password1": "Mat-Khau-Moi-2026", "new_password2": "Mat-Khau-Moi-2026"}
    assert client.post(reverse("signing_password"), forgotten).status_code == 200
    assert SigningPassword.objects.get(user=person).matches(STRONG)
    sign_in(client, sso, {"preferred_username": "thuky.tinh"})
    assert client.post(reverse("signing_password"), forgotten).status_code == 302
    assert SigningPassword.objects.get(user=person).matches("Mat-Khau-Moi-2026")


def test_a_province_account_on_an_old_session_signs_in_again_first(client, department, sso):
    person = province_account(department)
    client.force_login(person)
    page = client.get(reverse("signing_password")).content.decode()
    assert "đăng nhập lại bằng tài khoản của tỉnh" in page
    assert "/dang-nhap/tinh/?next=/mat-khau-ky/" in page
    client.post(reverse("signing_password"), {"new_password1": STRONG, "new_password2": STRONG})
    assert not SigningPassword.objects.exists()


def test_a_local_account_proves_its_sign_in_password_to_set_one(client, staff_user):
    client.force_login(staff_user)
    data = {"new_password1": STRONG, "new_password2": STRONG}
    wrong = client.post(reverse("signing_password"), {**data, "current": "wrong"})
    assert "Sai mật khẩu: không có gì thay đổi." in wrong.content.decode()
    assert not SigningPassword.objects.exists()
    differ = client.post(reverse("signing_password"), {**data, "current": PASSWORD, "new_password2": STRONG + "!"})
    assert "Hai lần nhập mật khẩu mới không khớp nhau." in differ.content.decode()
    assert client.post(reverse("signing_password"), {**data, "current": PASSWORD}).status_code == 302
    assert SigningPassword.objects.get(user=staff_user).matches(STRONG)
    # Forgotten, it is replaced by proving the sign-in password again.
    again = {"new_password1": STRONG + "2", "new_password2": STRONG + "2", "current": PASSWORD}
    assert client.post(reverse("signing_password"), again).status_code == 302
    assert SigningPassword.objects.get(user=staff_user).matches(STRONG + "2")


def test_wrong_passwords_on_the_page_lock_the_account(client, staff_user, settings):
    client.force_login(staff_user)
    data = {"new_password1": STRONG, "new_password2": STRONG, "current": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("signing_password"), data).status_code == 200
    assert client.post(reverse("signing_password"), data).status_code == 429
    assert signed_in_as(client) is None
    assert not SigningPassword.objects.exists()


def test_the_signing_password_page_needs_a_session(client, db):
    response = client.get(reverse("signing_password"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Signing out


def test_signing_out_ends_the_province_s_session_too_and_comes_back_to_sign_in(client, staff_user, sso):
    sign_in(client, sso, {"preferred_username": "nhanvien"})
    assert signed_in_as(client) == str(staff_user.pk)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'
    location = response["Location"]
    assert location.startswith(sso.url("/logout?"))
    assert signed_in_as(client) is None  # signed out here at once

    # The browser at the province: its session ends (the hint is the id_token it issued) and it comes back.
    answer = requests.get(location, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "http://testserver" + reverse("login")
    (logout,) = sso.logouts
    assert logout["client_id"] == CLIENT_ID
    assert logout["id_token_hint"].count(".") == 2


def test_a_local_sign_in_or_a_provider_without_end_session_signs_out_here_only(client, staff_user, sso):
    client.post(reverse("login"), {"username": "nhanvien", "password": PASSWORD})
    assert signed_in_as(client) == str(staff_user.pk)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")

    sso.end_session = False  # the discovery document is read first at the sign-in below
    sign_in(client, sso, {"preferred_username": "nhanvien"})
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login") and signed_in_as(client) is None
    assert sso.logouts == []


def test_a_configured_end_session_endpoint_is_used_without_discovery(client, staff_user, sso, settings):
    settings.OIDC_OP_LOGOUT_ENDPOINT = sso.url("/logout?ui_locales=vi")
    sign_in(client, sso, {"preferred_username": "nhanvien"})
    location = client.post(reverse("logout"))["Location"]
    assert location.startswith(sso.url("/logout?ui_locales=vi&"))
    assert "id_token_hint=" in location and "post_logout_redirect_uri=" in location


# An administrator resets a signing password


def test_the_secretary_resets_a_signing_password_and_the_person_must_set_a_new_one(client, staff_user, secretary):
    from qms.signing_password import can_sign_with_a_password, password_signs

    stored = SigningPassword(user=staff_user)
    stored.set_password(STRONG)
    stored.save()
    client.force_login(secretary)
    listing = client.get("/admin/qms/signing-passwords/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Mật khẩu ký" in html and "Võ Thị Ngọc Lan" in html
    reset_url = f"/admin/qms/signing-passwords/{stored.pk}/reset/"
    assert reset_url in html
    assert "Đặt lại mật khẩu ký của Võ Thị Ngọc Lan?" in client.get(reset_url).content.decode()
    response = client.post(reset_url, follow=True)
    assert "phải đặt mật khẩu mới trước khi ký" in response.content.decode()

    stored.refresh_from_db()
    assert stored.is_reset and not stored.matches(STRONG)
    assert not can_sign_with_a_password(staff_user) and not password_signs(staff_user, STRONG)
    # Kept, and in the history: who reset it.
    latest = stored.history.order_by("-history_id").first()
    assert latest.history_user == secretary and latest.history_change_reason == "Reset by an administrator"
    assert stored.history.count() == 2

    # The person is told, and sets a new one with the sign-in password.
    client.force_login(staff_user)
    page = client.get(reverse("signing_password")).content.decode()
    assert "Mật khẩu ký của bạn đã bị quản trị viên đặt lại" in page
    new = {"new_password1": STRONG + "3", "new_password2": STRONG + "3"}
    assert client.post(reverse("signing_password"), {**new, "current": STRONG}).status_code == 200
    assert client.post(reverse("signing_password"), {**new, "current": PASSWORD}).status_code == 302
    stored.refresh_from_db()
    assert not stored.is_reset and stored.matches(STRONG + "3") and can_sign_with_a_password(staff_user)


def test_only_a_superuser_or_the_person_s_own_secretary_resets_it(client, staff_user, department):
    from tests.qms.factories import AgencyFactory, DepartmentFactory, HeadFactory, SuperuserFactory

    stored = SigningPassword(user=staff_user)
    stored.set_password(STRONG)
    stored.save()
    reset_url = f"/admin/qms/signing-passwords/{stored.pk}/reset/"
    elsewhere = DepartmentFactory(agency=AgencyFactory(code="phuoc-hau"), code="vp-ph")
    for outsider in (SecretaryFactory(department=elsewhere), HeadFactory(department=department)):
        client.force_login(outsider)
        assert client.post(reset_url).status_code in (302, 403)
        assert "Võ Thị Ngọc Lan" not in client.get("/admin/qms/signing-passwords/").content.decode()
        stored.refresh_from_db()
        assert not stored.is_reset
    client.force_login(SuperuserFactory())
    client.post(reset_url)
    stored.refresh_from_db()
    assert stored.is_reset
