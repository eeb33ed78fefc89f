"""Every URL of the project, requested as every role: the answer each one must get.

The URL patterns come from the resolver (tests/qms/url_walk.py), so a new view
is walked automatically; it must then be given a row (tests/qms/matrix_*.py),
otherwise test_every_url_is_classified fails naming it. Wagtail's own views are
checked by rule. The organisation is built by the factories (tests/qms/url_org.py).
"""

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import override_settings

from qms.models import Notification, SigningPassword
from tests.qms import url_walk
from tests.qms.factories import PASSWORD
from tests.qms.matrix import (
    NOT_FOUND,
    POST_ONLY,
    REFUSED,
    ROLES,
    SIGN_IN,
    SIGNED_IN,
    Effect,
    Post,
    Row,
    admin,
    ask,
    created,
    everyone,
    filled,
    no_data,
    pk_of,
    portal,
    post_only,
)
from tests.qms.matrix_api import ROWS as API
from tests.qms.matrix_audits import ROWS as AUDITS
from tests.qms.matrix_planning import ROWS as PLANNING
from tests.qms.matrix_procedures import ROWS as PROCEDURES
from tests.qms.matrix_province import ROWS as PROVINCE
from tests.qms.matrix_yearly_report import ROWS as YEARLY_REPORT
from tests.qms.url_org import build, literal_paths

SIGNING = "Ky-Ten-Cho-Chac-2026"


def all_read(o, user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count() if user else None


CORE = {
    "healthz/": Row(get=everyone()),
    # Wagtail's deliberate error page is absent.
    # Absent for everyone who enters the admin; staff are refused at its door (qms.middleware).
    "admin/failwhale/": Row(get={**everyone(NOT_FOUND), "staff": REFUSED}),
    "thong-bao/": Row(get=portal(*SIGNED_IN)),
    # One's own notification opens (and is marked read); anyone else's does not exist.
    "thong-bao/<id:pk>/mo/": Row(
        get=post_only(),
        post=Post(
            portal("staff", not_found=SIGNED_IN),
            no_data,
            filled(lambda o, user: Notification.objects.filter(pk=o.notices["staff"].pk), "read_at"),
        ),
        params=lambda o: {"pk": o.notices["staff"].pk},
    ),
    "thong-bao/da-doc-het/": Row(
        get=post_only(),
        post=Post(portal(*SIGNED_IN), no_data, Effect(all_read, lambda before, after: before and not after)),
    ),
    # Single sign-on (qms/sso.py) is off in the walk: both addresses are absent for everyone
    # (tests/qms/test_sso.py walks them switched on).
    "dang-nhap/tinh/": Row(get=everyone(NOT_FOUND)),
    "dang-nhap/tinh/ve/": Row(get=everyone(NOT_FOUND)),
    # Everyone signed in sets her own signing password, proving her sign-in password.
    "mat-khau-ky/": Row(
        get=portal(*SIGNED_IN),
        post=Post(
            portal(*SIGNED_IN),
            lambda o: {"current": PASSWORD, "new_password1": SIGNING, "new_password2": SIGNING},
            created(lambda o, user: SigningPassword.objects.filter(user=user)),
        ),
    ),
    # Resetting a signing password (qms/signing_password_admin.py): the ISO secretary (of the person's
    # agency) and the superuser.
    "admin/qms/signing-passwords/": Row(get=admin("secretary", "superuser")),
    "admin/qms/signing-passwords/<id:pk>/reset/": Row(
        get=admin("secretary", "superuser"),
        post=Post(
            admin("secretary", "superuser"),
            no_data,
            Effect(
                lambda o, user: SigningPassword.objects.get(pk=o.signing_password.pk).is_reset,
                lambda before, after: not before and after,
            ),
        ),
        params=lambda o: {"pk": o.signing_password.pk},
    ),
    # The public procedures (docs/public.md): the same answer for everyone, signed in or not.
    "cong-khai/": Row(get=everyone()),
    # The VI/EN switch of the public pages: back to the page (here the list).
    "cong-khai/ngon-ngu/<str:language>/": Row(get=everyone("302 /cong-khai/"), params=lambda o: {"language": "en"}),
    # A form of the public document's issue (it has none here: tests/portal/test_public_procedures.py).
    "cong-khai/tai-lieu/<id:document_id>/bieu-mau/<id:file_id>/": Row(
        get=everyone(NOT_FOUND), params=lambda o: {"document_id": o.public_document.pk, "file_id": 999999}
    ),
    "cong-khai/tai-lieu/<id:document_id>/": Row(get=everyone(), params=lambda o: {"document_id": o.public_document.pk}),
    "cong-khai/tai-lieu/<id:document_id>/pdf/": Row(
        get=everyone(), params=lambda o: {"document_id": o.public_document.pk}
    ),
    "sitemap.xml": Row(get=everyone()),
    "robots.txt": Row(get=everyone()),
    # The image library's files: for those who hold an image permission (the drafters, and the superuser).
    "media/<path:path>": Row(
        get=portal("head", "other_head", "secretary", "superuser", not_found=("staff", "approver", "auditor"))
    ),
    # The agency's signing certificates: read-only, for its ISO secretary (qms.signing_admin).
    **{
        f"admin/signing_certificates/{route}": Row(get=admin("secretary", "superuser"), params=params)
        for route, params in (
            ("", None),
            ("results/", None),
            ("inspect/<int:pk>/", pk_of("certificate")),
        )
    },
}

MATRIX = {**CORE, **PROCEDURES, **AUDITS, **PROVINCE, **YEARLY_REPORT, **PLANNING, **API}
assert not set(CORE) & set(PROCEDURES) and not set(PROCEDURES) & set(AUDITS), "a route has two rows"
assert not set(PROVINCE) & (set(CORE) | set(PROCEDURES) | set(AUDITS)), "a route has two rows"
assert not set(PLANNING) & (set(CORE) | set(PROCEDURES) | set(AUDITS) | set(PROVINCE) | set(YEARLY_REPORT)), (
    "a route has two rows"
)
assert not set(API) & (set(CORE) | set(PROCEDURES) | set(AUDITS) | set(PROVINCE) | set(PLANNING)), (
    "a route has two rows"
)

# Anonymous people reach these and nothing else (besides static files).
PUBLIC_ROUTES = {
    "healthz/",
    "dang-nhap/",
    "dang-xuat/",
    "_util/login/",
    "verify/",
    "verify/<str:code>/",
    "i18n/setlang/",
    "admin/login/",
    "admin/password_reset/",
    "admin/password_reset/done/",
    "admin/password_reset/confirm/<uidb64>/<token>/",
    "admin/password_reset/complete/",
    "admin/sprite/",
    "admin/jsi18n/",
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
    "documents/authenticate_with_password/<int:restriction_id>/",
    # The public procedures, their sitemap and robots.txt (docs/public.md).
    "cong-khai/",
    "cong-khai/tai-lieu/<id:document_id>/",
    "cong-khai/tai-lieu/<id:document_id>/pdf/",
    "cong-khai/tai-lieu/<id:document_id>/bieu-mau/<id:file_id>/",
    "cong-khai/ngon-ngu/<str:language>/",
    "sitemap.xml",
    "robots.txt",
}


@pytest.fixture(scope="module")
def walk_media(tmp_path_factory):
    return tmp_path_factory.mktemp("walk-media")


@pytest.fixture(autouse=True)
def _media_root(settings, walk_media):
    """The organisation's files stay where the module fixture wrote them."""
    settings.MEDIA_ROOT = walk_media


@pytest.fixture(autouse=True)
def _no_background_work(settings):
    """PDF exports started by a POST would render every issue: record them only."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(scope="module")
def org(django_db_setup, django_db_blocker, walk_media):
    """The organisation, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=walk_media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def login_path():
    return resolve_url(django_settings.LOGIN_URL)


def path_for(route, o, row=None):
    params = dict(o.generic)
    if row is not None and row.params is not None:
        params.update(row.params(o))
    elif route.model is not None and route.params:
        first = route.model._default_manager.order_by("pk").first()
        params["pk"] = first.pk if first else 999999
    for name in route.params:
        params.setdefault(name, 999999 if "id" in name or name == "pk" else "x")
    return url_walk.build_path(route, params, literal_paths(o))


def project_routes():
    """The project's URLs with a row (the public sign-in and sign-out pages are covered by their own tests)."""
    return [r for r in url_walk.iter_routes() if (r.is_project and r.route not in PUBLIC_ROUTES) or r.route in MATRIX]


def classified(route):
    if route.route in MATRIX or route.route in PUBLIC_ROUTES:
        return True
    if route.is_project:
        return False
    # Rules: Wagtail's own views (admin, documents, images, page serving), and
    # anything else Wagtail's admin URLconf includes (its test pages).
    return route.module.startswith("wagtail.") or route.route.startswith("admin/") or route.route in PUBLIC_ROUTES


def unclassified_routes():
    return [str(r) for r in url_walk.iter_routes() if not classified(r)]


def test_every_url_is_classified():
    """A URL pattern with neither a row nor a rule fails here, by name."""
    unclassified = unclassified_routes()
    assert unclassified == [], "URL patterns missing from the permission matrix: " + ", ".join(unclassified)


def test_every_row_is_a_url():
    """A row left behind by a removed or renamed URL fails here too."""
    routes = {r.route for r in url_walk.iter_routes()}
    assert sorted(set(MATRIX) - routes) == []


@override_settings(ROOT_URLCONF="tests.qms.urls_with_new_views")
def test_a_new_view_without_a_row_is_named_as_unclassified():
    assert unclassified_routes() == [
        "kiem-soat/tinh-nang-moi/ (new_portal_view)",
        "admin/qms/man-hinh-moi/ (new_admin_view)",
    ]


def differences(route, method, expected, got):
    return [
        f"{method} {route} as {role}: expected {expected[role]}, got {got[role]}"
        for role in ROLES
        if got[role] != expected[role]
    ]


@pytest.mark.django_db
def test_project_urls_answer_each_role_as_the_matrix_says(org):
    where = login_path()
    wrong = []
    for route in project_routes():
        row = MATRIX[route.route]
        path = path_for(route, org, row)
        got = {role: ask(org.clients[role], "get", path, where) for role in ROLES}
        wrong += differences(route, "GET", row.get, got)
        if row.post is not None:
            post = row.post
            got = {
                role: ask(org.clients[role], "post", path, where, post.data(org), post.effect, org, org.users[role])
                for role in ROLES
            }
            wrong += differences(route, "POST", post.expect, got)
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db
def test_wagtail_urls_never_fail_and_are_closed_to_anonymous_and_staff(org):
    where = login_path()
    problems = []
    for route in url_walk.iter_routes():
        if route.is_project or route.route in MATRIX:
            continue
        path = path_for(route, org)
        for role in ROLES:
            got = ask(org.clients[role], "get", path, where)
            if got.startswith("500"):
                problems.append(f"{route} as {role}: {got}")
            closed = route.route.startswith("admin/") and route.route not in PUBLIC_ROUTES
            if closed and role == "anonymous" and got != SIGN_IN:
                problems.append(f"{route} as anonymous: {got}, expected a redirect to sign-in")
            if closed and role == "staff" and got not in (SIGN_IN, REFUSED, NOT_FOUND):
                problems.append(f"{route} as staff (no admin access): {got}")
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_anonymous_reaches_only_public_urls(org):
    """Every answer to anonymous outside the public list is a sign-in redirect, a 404 or a 405."""
    where = login_path()
    leaks = []
    for route in url_walk.iter_routes():
        if route.route in PUBLIC_ROUTES:
            continue
        got = ask(org.clients["anonymous"], "get", path_for(route, org, MATRIX.get(route.route)), where)
        if got not in (SIGN_IN, NOT_FOUND, POST_ONLY):
            leaks.append(f"{route}: {got}")
    assert leaks == [], "\n".join(leaks)


def test_a_post_is_allowed_only_with_its_effect_and_refused_only_without_one():
    """The same redirect to the admin's home is a success with the effect, a refusal without."""
    from django.http import HttpResponse, HttpResponseRedirect

    from tests.qms.matrix import OK, post_outcome

    count = Effect(lambda o, user: 0, lambda before, after: after == before + 1)
    home, forbidden = HttpResponseRedirect("/admin/"), HttpResponse(status=403)
    assert post_outcome(home, "/dang-nhap/", count, 0, 1) == OK
    assert post_outcome(home, "/dang-nhap/", count, 0, 0) == REFUSED
    assert post_outcome(forbidden, "/dang-nhap/", count, 0, 0) == REFUSED
    assert post_outcome(forbidden, "/dang-nhap/", count, 0, 1) == "403 (changed)"
    assert post_outcome(HttpResponse(status=200), "/dang-nhap/", count, 0, 0) == "200 (changed nothing)"
    assert post_outcome(HttpResponseRedirect("/dang-nhap/?next=/x/"), "/dang-nhap/", count, 0, 0) == SIGN_IN
