from django.urls import reverse

from tests.conftest import PASSWORD


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
    assert client.get("/admin/").status_code == 302


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
