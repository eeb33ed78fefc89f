from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from procedures.copies import verification
from procedures.portal import public
from qms import media_views, notification_views, signing_password, sso, views

sign_in = views.SignInView.as_view()

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("dang-nhap/", sign_in, name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    # Single sign-on with the province's accounts (qms/sso.py): 404 unless configured.
    path("dang-nhap/tinh/", sso.start, name="sso_start"),
    path("dang-nhap/tinh/ve/", sso.callback, name="sso_callback"),
    path("mat-khau-ky/", signing_password.set_signing_password, name="signing_password"),
    path("verify/", verification.verify_home, name="verify_home"),
    path("verify/<str:code>/", verification.verify_copy, name="verify_copy"),
    path("cong-khai/", include("procedures.portal.public_urls")),
    path("sitemap.xml", public.sitemap, name="sitemap"),
    path("robots.txt", public.robots_txt, name="robots_txt"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Wagtail's error test page answers with a deliberate 500: not in production.
    path("admin/failwhale/", views.not_found, name="wagtailadmin_failwhale_absent"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("api.urls")),
    path("khac-phuc/", include("audits.urls")),
    path("xem-xet/", include("planning.urls")),
    path("kiem-soat/", include("procedures.portal.urls")),
    path("tinh/", include("province.urls")),
    path("thong-bao/", notification_views.notification_list, name="notifications"),
    path("thong-bao/<id:pk>/mo/", notification_views.open_notification, name="open_notification"),
    path("thong-bao/da-doc-het/", notification_views.mark_all_read, name="mark_all_notifications_read"),
    path("", include("qms.portal_urls")),
]

# Nothing under MEDIA_URL is served directly, not even with DEBUG on: only the
# image library's files, through a permission check (qms/media_views.py).
urlpatterns += [
    # Wagtail's public sign-in (for pages restricted to signed-in people) is ours,
    # with our form's checks: it is found before Wagtail's own at the same path.
    path("_util/login/", sign_in, name="wagtailcore_login"),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_views.media_file, name="media_file"),
    path("", include(wagtail_urls)),
]
