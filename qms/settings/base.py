"""Settings shared by every environment. Secure by default: nothing here turns
on DEBUG or carries a secret; dev.py, test.py and production.py build on it."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The key of the tamper-evident chain (qms/integrity.py): kept outside the
# database, so that someone who can write the database cannot recompute the
# chain. Production refuses to start without it; see docs/operations.md.
QMS_INTEGRITY_KEY = os.environ.get("QMS_INTEGRITY_KEY", "")
# Dev and test only: a fixed, public key (production refuses it).
DEV_INTEGRITY_KEY = "dev-only-integrity-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "qms",
    "procedures",
    "audits",
    "province",
    "planning",
    "api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "qms.users_app.UsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "qms.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qms.locale_middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "qms.middleware.QueryStringCleanupMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qms.middleware.PrivatePagesMiddleware",
    # Before anything reads the request's body (CSRF's check, forms, uploads).
    "qms.middleware.RequestSizeLimitMiddleware",
    "qms.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # A revisit of a staff reading page whose ETag still holds: 304 before Wagtail routes it.
    "procedures.portal.validators.ConditionalReadingMiddleware",
    "qms.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "qms.urls"

# The read API for the province's other systems (api/, docs/api.md). JSON only; each view names
# its own authentication (bearer tokens, the portal's session) and permissions.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("QMS read API"),
    "DESCRIPTION": _("Current documents, registers and audits of the province's agencies, for their other systems."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The documentation page's scripts and styles come from the installed sidecar package, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Swagger UI would otherwise show a badge fetched from validator.swagger.io with the schema's address.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.only_the_api"],
    # The tags named and described in the reader's language (after drf-spectacular's own hook).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.describe_tags"],
}
# Calls per minute of a person signed in to the portal (a client has its own, set in the admin).
QMS_API_PERSON_RATE = os.environ.get("QMS_API_PERSON_RATE", "120/min")
WSGI_APPLICATION = "qms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "qms.agency_context.current_agency",
            ],
        },
    },
]

# Embedded SQLite by default so a bare machine runs the product; PostgreSQL in
# production through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

# Each request is one transaction: a failure half-way writes nothing.
DATABASES["default"]["ATOMIC_REQUESTS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "qms.User"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out accounts before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, plus the permissions of roles granted in other agencies.
    "qms.backends.AgencyRoleBackend",
    # The province's accounts (OpenID Connect): inert unless configured, grants no permission.
    "qms.sso.ProvinceAccountBackend",
]

# Argon2id at OWASP's parameters (qms/passwords.py) stores every new password; the others only verify older
# hashes, which are rewritten in Argon2id at their owner's next sign-in.
PASSWORD_HASHERS = [
    "qms.passwords.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal"
LOGOUT_REDIRECT_URL = "login"
WAGTAILADMIN_LOGIN_URL = "login"

# Sign-in throttling and lock-out (django-axes): an account is locked, from
# one client address, after AXES_FAILURE_LIMIT failures from that address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
# The username and the address together: a guesser locks the account he guesses
# from where he guesses it, never its owner at her desk nor the others who share
# his address (an office behind one gateway). docs/operations.md, "Sign-in lock-out".
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind trusted proxies (QMS_TRUSTED_PROXIES), as /verify/ counts it.
AXES_CLIENT_IP_CALLABLE = "qms.client_address.client_ip"
# A posted username is recorded at most as long as axes' column (255): a longer
# one, on a login form that does not refuse it, would be a database error.
AXES_USERNAME_CALLABLE = "qms.forms.attempted_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The single sign-on callback has no password to guess (the province's sign-in
# counts its own failures): its refusals do not lock anyone (qms/sso.py).
AXES_WHITELIST_CALLABLE = "qms.sso.axes_exempt"

# Single sign-on with the province's accounts (OpenID Connect, qms/sso.py and
# docs/operations.md, "Single sign-on"). Off unless the client and the provider's
# endpoints (or its discovery document) are given; off, nothing of it shows.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY_ENDPOINT = os.environ.get("OIDC_OP_DISCOVERY_ENDPOINT", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# The id_token's "iss" must be this (else the discovery document's "issuer", if any).
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
# The province's end-session endpoint (RP-initiated logout); else the discovery document's, if it names one.
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
# The id_token is kept in the session, as the hint of that sign-out.
OIDC_STORE_ID_TOKEN = True
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = os.environ.get("OIDC_USE_PKCE", "true").lower() == "true"
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
# How a province account finds its QMS account: "username" (the claim below
# equals the username) or "email" (the claim equals the e-mail address, any case).
OIDC_MATCH_BY = os.environ.get("OIDC_MATCH_BY", "username")
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_EMAIL_CLAIM = os.environ.get("OIDC_EMAIL_CLAIM", "email")
# Off: an account the QMS does not know is refused. On: it is created, with no
# role and no agency (the ISO secretary or an administrator gives them).
OIDC_CREATE_USERS = os.environ.get("OIDC_CREATE_USERS", "false").lower() == "true"
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
# A person without a password of this site sets her first signing password
# only this soon after signing in with the province's account.
QMS_SSO_RECENT_SIGN_IN_SECONDS = int(os.environ.get("QMS_SSO_RECENT_SIGN_IN_SECONDS", "900"))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# locale/ first: makemessages writes the project's strings there. locale_wagtail/ only
# adds Vietnamese for Wagtail admin strings Wagtail's own catalogue leaves untranslated.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
FORMAT_MODULE_PATH = ["qms.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A request whose Content-Length is larger is answered 413 before its body is
# read (qms.middleware.RequestSizeLimitMiddleware): signed-in people send at
# most an upload at its limit plus the form; anonymous people (and anyone on
# /verify/) at most a PDF to verify. nginx's client_max_body_size matches
# QMS_REQUEST_MAX_BYTES (docs/operations.md).
QMS_VERIFY_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
QMS_ANONYMOUS_REQUEST_MAX_BYTES = QMS_VERIFY_UPLOAD_MAX_BYTES + 1024 * 1024
# Every upload is checked by its content (qms/uploads.py): its size, its kind
# (by its first bytes, not its name), and for zip-based office files what they
# really expand to, so a small "zip bomb" is refused before anything is saved.
QMS_UPLOAD_MAX_BYTES = int(os.environ.get("QMS_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
QMS_REQUEST_MAX_BYTES = QMS_UPLOAD_MAX_BYTES + 5 * 1024 * 1024
QMS_UPLOAD_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
QMS_UPLOAD_MAX_COMPRESSION_RATIO = 200
QMS_UPLOAD_MAX_ZIP_MEMBERS = 2000
QMS_UPLOAD_MAX_IMAGE_PIXELS = 40_000_000
# No image format packs more pixels in a byte (PNG's deflate tops out near 8,300
# for a 1-bit image); more is a decompression bomb.
QMS_UPLOAD_MAX_PIXELS_PER_BYTE = 10_000
WAGTAILDOCS_DOCUMENT_FORM_BASE = "qms.upload_forms.CheckedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "qms.upload_forms.CheckedImageForm"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Development prints mail; EMAIL_BACKEND in the environment chooses another (load_demo, see its docstring).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qms@localhost")

# Background work goes through the tasks API; dev and tests run tasks at once,
# production overrides this with the database backend and `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Without PostgreSQL (whose advisory locks tell a dead worker at once, see
# qms/worker.py), a task RUNNING for longer than this is taken as abandoned by
# a worker that died, and put back in the queue.
TASKS_ABANDONED_AFTER_MINUTES = int(os.environ.get("TASKS_ABANDONED_AFTER_MINUTES", "60"))
# An export of PDFs renders for about this long per task (a render or two), then leaves the worker to any waiting
# render or mail (procedures/copies/exports.py).
QMS_EXPORT_SLICE_SECONDS = float(os.environ.get("QMS_EXPORT_SLICE_SECONDS", "2"))

# Nothing another app server needs lives in process memory (docs/operations.md,
# "Running more than one app server"): the cache (Wagtail's site root paths,
# redirect imports) is a table in the database, created by `migrate`; sessions
# are rows in the database; sign-in failures and lock-outs are rows (axes'
# database handler); /verify/ upload counts are rows (UploadThrottle).
CACHES = {
    "default": {
        "BACKEND": "qms.cache.DatabaseCache",
        "LOCATION": "qms_cache",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # The read API's call counts (api/throttling.py): a table of their own, written inside the
    # request's transaction (the shared cache waits for the commit, a second transaction per call).
    "api_throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "qms_api_throttle",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The uploaded file of a redirects import waits in the shared cache between its
# two steps, which may reach different servers (the default is a local temp file).
WAGTAIL_REDIRECTS_FILE_STORAGE = "cache"

# The reverse proxies in front of the app servers (addresses or networks, e.g.
# "10.0.0.5" or "10.0.0.0/24"). X-Forwarded-For is read only on a request from
# one of them (qms/client_address.py); with none, the client is REMOTE_ADDR.
QMS_TRUSTED_PROXIES = env_list("QMS_TRUSTED_PROXIES")

WAGTAIL_SITE_NAME = "QMS ISO 9001"
# No avatar from a gravatar server: broken offline, and it tells a third party who signs in.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# "simple": no English stemming or stop words, which would drop folded Vietnamese
# words such as "so" (sơ) or "to" (tờ) on PostgreSQL. See procedures/searching.py.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}}
WAGTAIL_I18N_ENABLED = False
# ASCII page slugs: "quy-trinh-tuyen-dung", readable in any browser bar or printout.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Documents are always served by Wagtail's view, through the project's
# before_serve_document hook; nothing under MEDIA_URL is served directly (qms/media_views.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "png", "jpg", "jpeg"]
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Publishing a controlled document goes through procedures.lifecycle.issuing only.
WAGTAIL_FINISH_WORKFLOW_ACTION = "procedures.lifecycle.finish.finish_workflow"
# An edit during review starts the sign-offs again: a signature covers one exact revision.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint's and fontTools' debug lines (hundreds per PDF) and Wagtail's "Page created"
    # lines (the history and the integrity chain keep what happened) say nothing to an operator.
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# PAdES signatures on issued PDFs (qms/pdf_signing.py, docs/pdf.md). Key files and
# the demo's test CA live here, outside MEDIA_ROOT and the static files; PEM files in
# its trust/ folder, with QMS_PDF_TRUST_ROOTS (paths, comma-separated), are the roots
# /verify/ and `manage.py verify_pdf` trust.
QMS_SIGNING_DIR = Path(os.environ.get("QMS_SIGNING_DIR", BASE_DIR / "var" / "signing"))
QMS_PDF_TRUST_ROOTS = env_list("QMS_PDF_TRUST_ROOTS")

# ---------------------------------------------------------------------------
# Shared state in Redis (issue 21): set REDIS_URL (e.g. redis://10.0.0.7:6379/0)
# on every app server and worker of an installation on several machines. The
# cache, the sessions' fast copy, sign-in failures and lock-outs, and the
# /verify/ rate limits then live in Redis, whose INCR counts atomically for all
# servers together (qms/cache.py). Without it (`make run`, the tests) all of
# these stay in the database, as above. docs/operations.md, "Redis".
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "qms.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 24 * 60 * 60,
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "qms"),
        }
    }
    # Sessions are written through to the database: a restarted or flushed
    # Redis signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Failures counted with cache.add/incr (atomic in Redis); AXES_COOLOFF_TIME is their expiry.
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
# --- end of the Redis block ------------------------------------------------

# --- Object storage (issue 21; docs/operations.md "Object storage") -----------
# Without QMS_S3_BUCKET every stored file (rendered PDFs, evidence, attachments,
# export zips, Word imports between preview and confirmation, Wagtail documents
# and images) lives under MEDIA_ROOT (FileSystemStorage, `make run`). With it,
# in that S3-compatible bucket (django-storages' S3 backend, boto3), so that
# several app servers and workers share them. Credentials come from boto3's own
# chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or an instance role). The
# bucket is never public: no ACL is set on objects and every URL to an object
# is presigned and short-lived. The signing keys (QMS_SIGNING_DIR) stay on
# local disk, never in the bucket.
QMS_S3_BUCKET = os.environ.get("QMS_S3_BUCKET", "")
# How a permission-checked view hands out a file kept in the bucket: "stream"
# (through the app server, the default) or "redirect" (to a presigned URL valid
# QMS_S3_URL_EXPIRE seconds). Controlled PDFs are always streamed: their bytes
# are checked against their SHA-256 on the way (procedures/copies/printing.py).
QMS_MEDIA_DELIVERY = os.environ.get("QMS_MEDIA_DELIVERY", "stream")
if QMS_MEDIA_DELIVERY not in ("stream", "redirect"):
    raise ImproperlyConfigured('QMS_MEDIA_DELIVERY is "stream" or "redirect".')
QMS_S3_URL_EXPIRE = int(os.environ.get("QMS_S3_URL_EXPIRE", "60"))
if QMS_S3_BUCKET:
    STORAGES["default"] = {
        # django-storages' S3 storage; image URLs go through the checked media view (qms/bucket.py).
        "BACKEND": "qms.bucket.BucketStorage",
        "OPTIONS": {
            "bucket_name": QMS_S3_BUCKET,
            "location": os.environ.get("QMS_S3_PREFIX", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": QMS_S3_URL_EXPIRE,
            "file_overwrite": False,
            # An object being read is held in memory up to this size, then in a temporary file.
            "max_memory_size": 20 * 1024 * 1024,
        },
    }
    if QMS_MEDIA_DELIVERY == "redirect":
        # Wagtail's document view checks the reader, then redirects to the presigned URL.
        WAGTAILDOCS_SERVE_METHOD = "redirect"
# --- end of object storage -------------------------------------------------------
