"""The dead ends a signed-in person could hit: the admin loop, bare English
error pages, an old issue's address (issue 15)."""

from django.contrib.messages import get_messages
from django.urls import reverse

from procedures.models import IssueStatus
from tests.procedures.factories import add_issue
from tests.qms.factories import PASSWORD


def test_staff_opening_the_admin_get_a_vietnamese_page_not_a_redirect_loop(client, org):
    client.force_login(org["staff"])
    response = client.get("/admin/")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Bạn không có quyền truy cập trang này" in page
    assert f'href="{reverse("portal")}"' in page
    # No refusal banners pile up for the next page.
    client.get("/admin/pages/")
    assert list(get_messages(client.get("/").wsgi_request)) == []
    assert "permission" not in client.get("/").content.decode()


def test_sign_in_never_sends_staff_back_to_the_admin(client, org):
    response = client.post(
        f"{reverse('login')}?next=/admin/", {"username": org["staff"].username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal")
    # Already signed in, the sign-in page with next=/admin/ does not loop either.
    response = client.get(f"{reverse('login')}?next=/admin/")
    assert response["Location"] == reverse("portal")


def test_the_secretary_still_signs_in_straight_to_the_admin(client, org):
    response = client.post(
        f"{reverse('login')}?next=/admin/", {"username": org["secretary"].username, "password": PASSWORD}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_refused_portal_action_is_a_vietnamese_page(client, org):
    client.force_login(org["staff"])
    response = client.get(reverse("province:dashboard"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "403 Forbidden" not in page
    assert "Bạn không có quyền truy cập trang này" in page
    assert "xin thư ký ISO" in page


def test_unknown_address_is_a_vietnamese_page_with_a_way_back(client, org):
    client.force_login(org["staff"])
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert f'href="{reverse("portal_search")}"' in page


def test_staff_following_an_old_issue_link_reach_the_current_issue(client, org, issued):
    document = issued("Quy trình tiếp nhận hồ sơ")
    document.issues.get().supersede(None, user=org["approver"])
    add_issue(document, org["approver"], title="Quy trình tiếp nhận hồ sơ (sửa đổi)")
    assert document.issues.get(amendment=0).status == IssueStatus.SUPERSEDED
    client.force_login(org["staff"])
    response = client.get(f"{document.url}lan/1-0/", follow=True)
    assert response.redirect_chain == [(document.url, 302)]
    page = response.content.decode()
    assert "không còn hiệu lực" in page
    assert "Quy trình tiếp nhận hồ sơ (sửa đổi)" in page


def test_the_admin_dashboard_is_titled_with_the_agency_and_calls_no_avatar_server(client, org):
    client.force_login(org["secretary"])
    page = client.get("/admin/").content.decode()
    agency = org["secretary"].agency
    heading = page.split('<h1 class="w-h1', 1)[1].split("</h1>", 1)[0]
    assert agency.agency_name in heading
    assert "localhost" not in page
    assert "gravatar" not in page
