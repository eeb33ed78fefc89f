import pytest
from django.test import Client
from django.urls import reverse

from tests.qms.factories import PASSWORD


def test_anonymous_visitor_of_the_portal_is_sent_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/")


def test_anonymous_visitor_of_the_admin_is_sent_to_the_same_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_page_is_vietnamese_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


def test_staff_signs_in_and_reaches_the_portal_but_not_the_admin(client, staff_user):
    response = client.post(reverse("login"), {"username": "nhanvien", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal")
    assert "Võ Thị Ngọc Lan" in response.content.decode()
    assert client.get("/admin/").status_code == 403


def test_secretary_signs_in_and_reaches_the_admin(client, secretary):
    client.post(reverse("login"), {"username": "thuky", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200


def test_wrong_password_says_so_in_vietnamese(client, staff_user):
    response = client.post(reverse("login"), {"username": "nhanvien", "password": "wrong"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


def test_repeated_wrong_passwords_lock_the_account(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "nhanvien", "password": "wrong"})
    # Even the right password is refused now.
    response = client.post(reverse("login"), {"username": "nhanvien", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_language_switch_changes_the_page_language(client, staff_user):
    client.force_login(staff_user)
    assert '<html lang="vi">' in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Document library" in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Thư viện tài liệu" in client.get("/").content.decode()


def test_vietnamese_stays_the_default_whatever_the_browser_asks(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page


def test_a_huge_username_gets_a_form_error_not_a_crash(client, staff_user):
    response = client.post(reverse("login"), {"username": "x" * 100_000, "password": "y" * 100_000})
    assert response.status_code == 200
    assert "Tên đăng nhập có tối đa 150 ký tự." in response.content.decode()
    # The real account is not locked by the attempt.
    assert client.post(reverse("login"), {"username": "nhanvien", "password": PASSWORD}).status_code == 302


def test_a_username_with_nul_bytes_gets_a_form_error_not_a_crash(client, staff_user):
    response = client.post(reverse("login"), {"username": "nhan\x00vien", "password": PASSWORD})
    assert response.status_code == 200
    assert "Không được dùng ký tự NUL (mã 0)." in response.content.decode()


# Behind the reverse proxy of docs/operations.md: every request reaches the app
# from the proxy's address, the client's own address is in X-Forwarded-For
# (nginx's $proxy_add_x_forwarded_for appends the address it saw).
PROXY = "10.0.0.5"
CLIENT_A = "203.0.113.7"
CLIENT_B = "198.51.100.2"


def through_proxy(client_address):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def sign_in(browser, username, password=PASSWORD):
    return browser.post(reverse("login"), {"username": username, "password": password})


def test_behind_the_proxy_failures_lock_one_account_from_one_address_not_everyone(staff_user, secretary, settings):
    settings.QMS_TRUSTED_PROXIES = [PROXY]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(through_proxy(CLIENT_A), "nhanvien", "wrong")
    # Another person at another address signs in.
    assert sign_in(through_proxy(CLIENT_B), "thuky").status_code == 302
    # Lock-out is on the username and the address together: the owner of the
    # account, from her own desk, still signs in...
    assert sign_in(through_proxy(CLIENT_B), "nhanvien").status_code == 302
    # ...another account from the guessing address too...
    assert sign_in(through_proxy(CLIENT_A), "thuky").status_code == 302
    # ...while the guessed account stays locked from the guessing address.
    response = sign_in(through_proxy(CLIENT_A), "nhanvien")
    assert response.status_code == 429
    assert "Tài khoản bị khóa" in response.content.decode()


def test_a_forged_forwarded_for_from_outside_the_proxy_is_ignored(staff_user, settings):
    settings.QMS_TRUSTED_PROXIES = [PROXY]
    # Someone who reaches the app directly claims to be the victim's address, to
    # lock the victim out; his failures are counted on his own address.
    attacker = Client(REMOTE_ADDR="192.0.2.66", HTTP_X_FORWARDED_FOR=CLIENT_B)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, "nhanvien", "wrong")
    assert sign_in(through_proxy(CLIENT_B), "nhanvien").status_code == 302
    assert sign_in(attacker, "nhanvien").status_code == 429


@pytest.mark.parametrize("length", [300, 100_000])
def test_wagtails_public_sign_in_refuses_a_huge_username_with_a_form_error(client, staff_user, length):
    response = client.post(reverse("wagtailcore_login"), {"username": "x" * length, "password": "y"})
    assert response.status_code == 200
    assert "Tên đăng nhập có tối đa 150 ký tự." in response.content.decode()
    assert client.post(reverse("wagtailcore_login"), {"username": "nhanvien", "password": PASSWORD}).status_code == 302


def test_a_failure_with_a_huge_username_on_any_login_form_is_recorded_not_a_crash(staff_user):
    """Whatever form calls authenticate(): axes records the name cut to its column."""
    from axes.models import AccessAttempt
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    request = RequestFactory().post("/elsewhere/", REMOTE_ADDR=CLIENT_A)
    assert authenticate(request, username="x" * 100_000, password="y") is None
    assert AccessAttempt.objects.get().username == "x" * 255
