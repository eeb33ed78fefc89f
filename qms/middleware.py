from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware

# Paths that answer without a session. The Wagtail admin checks access on
# every one of its views and sends strangers to the same sign-in page.
PUBLIC_PREFIXES = ("/healthz/", "/verify/", "/static/", "/admin/")


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's login-required middleware, with the public paths above exempt."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(PUBLIC_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
