"""Two real app servers (gunicorn) and a task worker on one PostgreSQL database
and one MEDIA_ROOT (or one S3 bucket): whatever a person does through one server holds through
the other, because nothing either needs lives in one process's memory."""

import hashlib
import re

import pytest
import requests
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from procedures.models import ControlledDocumentPage, CopyKind, RenderedCopy
from tests.procedures.factories import make_issued_document
from tests.procedures.processes import wait_for
from tests.procedures.workflow import submit
from tests.qms.factories import PASSWORD, SuperuserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def post_form(session, url, data, files=None):
    """What a browser does: open the page with the form, then send it with its token."""
    token = TOKEN.search(session.get(url, timeout=30).text).group(1)
    data = {"csrfmiddlewaretoken": token, **data}
    return session.post(url, data=data, files=files, timeout=60, allow_redirects=False)


def sign_in(base, username, password=PASSWORD, session=None):
    session = session or requests.Session()
    response = post_form(session, f"{base}/dang-nhap/", {"username": username, "password": password})
    return session, response


def signed_in(base, username):
    session, response = sign_in(base, username)
    assert response.status_code == 302, response.text[:500]
    return session


def with_cookies_of(session):
    """A browser that goes to the other server (behind one load balancer) with the same cookies."""
    other = requests.Session()
    other.cookies.update(session.cookies)
    return other


def test_sessions_site_changes_lockouts_and_upload_limits_hold_across_two_servers(org, section, library, processes):
    SuperuserFactory(department=org["ccvc"])  # "quantri", who moves the site root below
    document = make_issued_document(section, org["approver"], title="Quy trình tiếp nhận hồ sơ", department=org["ccvc"])
    a, b = processes.server("server-a"), processes.server("server-b")

    # A session obtained on A works on B.
    staff_on_a = signed_in(a, "nhanvien")
    staff_on_b = with_cookies_of(staff_on_a)
    home = staff_on_b.get(f"{b}/", timeout=30, allow_redirects=False)
    assert home.status_code == 200
    assert "Võ Thị Ngọc Lan" in home.text
    assert f'href="/thu-vien/ccvc/{document.slug}/"' in home.text

    # The site root moved on A: B's links follow at once (no stale root paths on B).
    admin_on_a = signed_in(a, "quantri")
    site = Site.objects.get(is_default_site=True)
    edit = post_form(
        admin_on_a,
        f"{a}{reverse('wagtailsites:edit', args=[site.pk])}",
        {"hostname": site.hostname, "port": site.port, "site_name": "Sở Nội vụ", "root_page": library.pk},
    )
    assert edit.status_code == 302, edit.text[:1000]
    home = staff_on_b.get(f"{b}/", timeout=30)
    assert f'href="/ccvc/{document.slug}/"' in home.text
    assert f'href="/thu-vien/ccvc/{document.slug}/"' not in home.text

    # Signing out on B ends the session on A too.
    token = TOKEN.search(staff_on_b.get(f"{b}/", timeout=30).text)
    logout = staff_on_b.post(
        f"{b}/dang-xuat/", data={"csrfmiddlewaretoken": token.group(1)}, timeout=30, allow_redirects=False
    )
    assert logout.status_code == 302
    assert staff_on_a.get(f"{a}/", timeout=30, allow_redirects=False).status_code == 302

    # /verify/ counts the uploads of one address on both servers together.
    visitor = requests.Session()
    for number in range(10):
        base = a if number % 2 else b
        response = post_form(visitor, f"{base}/verify/", {}, files={"file": ("ban-sao.pdf", b"not a pdf")})
        assert response.status_code == 400
    for base in (a, b):
        refused = post_form(visitor, f"{base}/verify/", {}, files={"file": ("ban-sao.pdf", b"not a pdf")})
        assert refused.status_code == 429
        assert "đã kiểm tra quá nhiều tệp" in refused.text

    # Wrong passwords on A lock the account on B.
    for _ in range(5):
        _session, response = sign_in(a, "danhgia", password="sai-mat-khau")
        assert response.status_code in (200, 429)
    _session, response = sign_in(b, "danhgia")
    assert response.status_code == 429
    assert "Tài khoản bị khóa" in response.text


@pytest.fixture(params=["directory", "bucket"])
def shared_files(request, processes):
    """Where every process keeps its files: one MEDIA_ROOT, or one bucket of a real S3 server
    (moto in server mode); returns the bucket's name, or None."""
    if request.param == "directory":
        return None
    s3_server = request.getfixturevalue("s3_server")
    bucket = request.getfixturevalue("object_storage")  # this process too
    processes.extra_env.update(s3_server.env(bucket))
    return bucket


def test_an_issue_signed_on_one_server_is_current_on_the_other_with_its_pdf_rendered_once(
    org, make_document, processes, shared_files, settings
):
    document = make_document()
    submit(document, org["head"])
    a, b = processes.server("server-a"), processes.server("server-b")
    processes.worker("worker")
    staff_on_b = signed_in(b, "nhanvien")
    page_url = f"{b}{document.url}"
    assert "Lê Hoàng Nam" not in staff_on_b.get(page_url, timeout=30).text

    # Both sign-offs through A, each signer with the password again.
    for username in ("thuky", "lanhdao"):
        signer = signed_in(a, username)
        task_state = ControlledDocumentPage.objects.get(pk=document.pk).current_workflow_task_state
        signed = post_form(
            signer,
            f"{a}/admin/qms/sign/{task_state.pk}/",
            {"password": PASSWORD, "comment": "", "effective_date": timezone.localdate().isoformat()},
        )
        assert signed.status_code == 302, signed.text[:1000]

    # B shows the new issue at once, signed.
    page = staff_on_b.get(page_url, timeout=30).text
    assert "QT-01" in page and "Lê Hoàng Nam" in page

    # The worker renders the PDF; both servers then stream that one file.
    issue = document.issues.get()
    copy = wait_for(
        lambda: RenderedCopy.objects.filter(issue=issue, kind=CopyKind.UNCONTROLLED).first(),
        message="the worker to render the PDF",
    )
    staff_on_a = signed_in(a, "nhanvien")
    for session, base in ((staff_on_b, b), (staff_on_a, a), (staff_on_b, b)):
        pdf = session.get(f"{base}{document.url}pdf/", timeout=60)
        assert pdf.status_code == 200
        assert pdf.headers["Content-Type"] == "application/pdf"
        assert hashlib.sha256(pdf.content).hexdigest() == copy.sha256
    assert RenderedCopy.objects.filter(issue=issue).count() == 1
    if shared_files:
        # The worker wrote the PDF into the bucket; nothing went to the shared directory.
        s3 = default_storage.connection.meta.client
        stored = s3.get_object(Bucket=shared_files, Key=copy.file.name)["Body"].read()
        assert hashlib.sha256(stored).hexdigest() == copy.sha256
        assert not (settings.MEDIA_ROOT / "copies").exists()
