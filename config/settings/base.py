"""Settings shared by every profile. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A fixed key is only acceptable for local development; production.py refuses to start without one.
SECRET_KEY = env("SECRET_KEY", "local-development-key-not-for-production-0123456789abcdefghij")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # third party
    "crispy_forms",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_celery_beat",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own origin (the CSP allows no CDN)
    # cross-cutting
    "core",
    "crispy_dkfds",
    "accounts",
    # domain
    "suppliers",
    "targetgroups",
    "assessments",
    "audit",
    "notifications",
    "privacy",
    "reports",
    # on top: the front pages and the demo data
    "portal",
    "demo",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security, so error pages (404, 403, 500) get the policy too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # after authentication (the refusal page shows who is logged in), before any view reads the body
    "core.middleware.RequestLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # axes must come last so it sees the outcome of authentication
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

# Content-Security-Policy on every response: scripts, styles, images and fonts only from our own origin, never
# inline, so markup that slips past escaping cannot run. Templates therefore carry no inline <script>, on*=
# handler or style= attribute (tests/test_security_headers.py checks that); JavaScript lives in static/js/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # DKFDS draws a few icons from data: URIs in some components.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/specialisering"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.PasswordBackend",
    "accounts.oidc.OidcBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Username and password login (development, the demo, the admin's first user). Production can switch it off
# once the OpenID Connect providers below are configured.
PASSWORD_LOGIN_ENABLED = env_bool("PASSWORD_LOGIN_ENABLED", True)

# OpenID Connect: suppliers through a MitID Erhverv broker, staff through the authority's identity provider.
# A provider is offered on the login page when its issuer is set; its endpoints come from the issuer's
# discovery document. The callback URL to register is <SITE_URL>/konto/oidc/<supplier|staff>/callback/ and
# the logout return URL <SITE_URL>/konto/log-ind/.
OIDC_PROVIDERS = {
    key: {
        "issuer": env(f"OIDC_{key.upper()}_ISSUER"),
        "client_id": env(f"OIDC_{key.upper()}_CLIENT_ID"),
        "client_secret": env(f"OIDC_{key.upper()}_CLIENT_SECRET"),
        "scopes": env(f"OIDC_{key.upper()}_SCOPES", scopes),
        "sign_algo": env(f"OIDC_{key.upper()}_SIGN_ALGO", "RS256"),
    }
    for key, scopes in (("supplier", "openid profile email"), ("staff", "openid profile email groups"))
}
OIDC_TIMEOUT = float(env("OIDC_TIMEOUT", "5"))  # seconds, for every call to a provider
# Claim names of the broker's token (OIOSAML 3 / NSIS names by default; brokers differ, so they are settings).
OIDC_SUPPLIER_CVR_CLAIM = env("OIDC_SUPPLIER_CVR_CLAIM", "https://data.gov.dk/model/core/eid/professional/cvr")
OIDC_SUPPLIER_PNUMBER_CLAIM = env(
    "OIDC_SUPPLIER_PNUMBER_CLAIM", "https://data.gov.dk/model/core/eid/professional/productionUnit"
)
OIDC_SUPPLIER_ASSURANCE_CLAIM = env("OIDC_SUPPLIER_ASSURANCE_CLAIM", "https://data.gov.dk/concept/core/nsis/loa")
OIDC_SUPPLIER_MIN_ASSURANCE = env("OIDC_SUPPLIER_MIN_ASSURANCE", "substantial")  # low, substantial or high
OIDC_STAFF_GROUPS_CLAIM = env("OIDC_STAFF_GROUPS_CLAIM", "groups")
# Logging out is a form post that ends at the provider (RP-initiated logout): its origin must be a form target.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += [
    urlsplit(provider["issuer"])._replace(path="", query="", fragment="").geturl()
    for provider in OIDC_PROVIDERS.values()
    if provider["issuer"]
]

# Failed-login rate limiting: lock a username+IP pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind the TLS proxy every request comes from the proxy's address; lockouts and rate limits must key on the
# client's. TRUSTED_PROXY_COUNT is how many proxies of our own append to X-Forwarded-For (0: no proxy, the
# header is ignored). django-ipware is not installed, so axes' own AXES_IPWARE_* settings would do nothing.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.client.client_ip"
AXES_WHITELIST_CALLABLE = "accounts.backends.axes_exempt"  # OpenID Connect callbacks are not password guesses
# Password-reset requests: at most this many per e-mail address and per client address in the window.
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(env("PASSWORD_RESET_LIMIT_PER_ADDRESS", "3"))
PASSWORD_RESET_LIMIT_PER_IP = int(env("PASSWORD_RESET_LIMIT_PER_IP", "20"))
PASSWORD_RESET_LIMIT_WINDOW_SECONDS = 3600

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
# Our Danish date formats (`21. december 2026`, `kl. 14.05`) override Django's where they differ.
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Det Fælles Designsystem, installed by npm during set-up (never committed)
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
]
# Uploaded and generated files live outside the web root and are only served through views that
# check permissions; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/files/"
# Object storage: with S3_BUCKET set, uploads and generated reports/ZIPs go to an S3-compatible store (AWS S3,
# MinIO, Ceph RGW, ...) through django-storages, so no web or worker host keeps files on its own disk and
# both scale out (docs/operations.md). Without it they stay on the local file system under MEDIA_ROOT.
S3_BUCKET = env("S3_BUCKET", "")
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", "")  # empty: AWS itself; e.g. http://minio:9000 for MinIO
S3_REGION = env("S3_REGION", "")
S3_ACCESS_KEY_ID = env("S3_ACCESS_KEY_ID", "")  # empty: boto3's own chain (instance role, AWS_* variables)
S3_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY", "")
S3_PREFIX = env("S3_PREFIX", "private")  # key prefix inside the bucket
# "path" (http://host/bucket/key) suits MinIO and most self-hosted servers; "virtual" for AWS buckets with dots.
S3_ADDRESSING_STYLE = env("S3_ADDRESSING_STYLE", "path")
S3_SERVER_SIDE_ENCRYPTION = env("S3_SERVER_SIDE_ENCRYPTION", "")  # e.g. AES256 or aws:kms


def private_storage_config(media_root: Path) -> dict:
    """The 'private' storage: uploads and reports, never under a public URL.

    Both backends are served only through the permission-checked views (they open the file through the
    storage API and stream it); the S3 backend's objects are private (no ACL grant, no public URL, no
    signed URL handed out), and a name that exists gets a new one rather than being overwritten, as on disk.
    """
    if not S3_BUCKET:
        # No base_url, so nothing can link to them except the permission-checked views.
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root / "private", "base_url": None},
        }
    options: dict = {
        "bucket_name": S3_BUCKET,
        "location": S3_PREFIX,
        "endpoint_url": S3_ENDPOINT_URL or None,
        "region_name": S3_REGION or None,
        "addressing_style": S3_ADDRESSING_STYLE or None,
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "object_parameters": {"ServerSideEncryption": S3_SERVER_SIDE_ENCRYPTION} if S3_SERVER_SIDE_ENCRYPTION else {},
    }
    if S3_ACCESS_KEY_ID:
        options |= {"access_key": S3_ACCESS_KEY_ID, "secret_key": S3_SECRET_ACCESS_KEY}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": private_storage_config(MEDIA_ROOT),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ("dkfds",)
CRISPY_TEMPLATE_PACK = "dkfds"
CRISPY_FAIL_SILENTLY = not DEBUG

# Email: console locally, SMTP in production (EMAIL_URL-style settings kept explicit).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A hung SMTP server must not hold a worker (and the outbox row's lock) for ever: the send fails, the row backs off.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Socialtilsyn <noreply@socialtilsyn.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Case deadlines (forvaltningsloven): hearing period and the time to appeal a decision.
HEARING_DEFAULT_DAYS = int(env("HEARING_DEFAULT_DAYS", "14"))
APPEAL_WEEKS = int(env("APPEAL_WEEKS", "4"))
# Genvurdering: reminders this many days before a decision expires; default remedy period before a lower level.
REASSESSMENT_REMINDER_DAYS = tuple(int(d) for d in env_list("REASSESSMENT_REMINDER_DAYS", "120,60,30"))
REMEDY_DEFAULT_MONTHS = int(env("REMEDY_DEFAULT_MONTHS", "3"))

# Notification outbox: a failed e-mail is retried after 1, 2, 4 … minutes (at most 6 hours apart) and given
# up after this many attempts, when the case's consultant (or the fagadministrators) are told once.
NOTIFICATION_MAX_ATTEMPTS = int(env("NOTIFICATION_MAX_ATTEMPTS", "8"))
NOTIFICATION_RETRY_SECONDS = int(env("NOTIFICATION_RETRY_SECONDS", "60"))
NOTIFICATION_RETRY_MAX_SECONDS = int(env("NOTIFICATION_RETRY_MAX_SECONDS", str(6 * 3600)))

# What a supplier can send costs a bounded amount to parse, check, store and render.
FORM_TEXT_MAX_CHARS = int(env("FORM_TEXT_MAX_CHARS", "20000"))  # per text answer
FORM_TABLE_MAX_ROWS = int(env("FORM_TABLE_MAX_ROWS", "200"))  # per table (a question may set fewer)
FORM_TABLE_CELL_MAX_CHARS = int(env("FORM_TABLE_CELL_MAX_CHARS", "300"))  # per table cell
FORM_UPLOADS_PER_QUESTION = int(env("FORM_UPLOADS_PER_QUESTION", "10"))  # files on one question at a time
FORM_UPLOAD_MAX_BYTES = int(env("FORM_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))  # per uploaded file
# Request size: form fields in memory (a full section of long answers, URL-encoded, fits), the number of
# fields (a 200-row table of a few columns, plus the rest of its section), files kept in memory before they
# spool to disk, and the whole body (one upload plus the section's fields). Over a limit the user gets a
# Danish answer (core.middleware.RequestLimitsMiddleware), JSON for the autosave endpoint.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(env("DATA_UPLOAD_MAX_NUMBER_FIELDS", "3000"))
DATA_UPLOAD_MAX_NUMBER_FILES = int(env("DATA_UPLOAD_MAX_NUMBER_FILES", "5"))
FILE_UPLOAD_MAX_MEMORY_SIZE = int(env("FILE_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024)))
REQUEST_MAX_BYTES = int(env("REQUEST_MAX_BYTES", str(FORM_UPLOAD_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE + 64 * 1024)))

# Absolute links in emails.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# Celery with Redis as broker and result backend.
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Queueing from a request never waits on a dead broker (core/queueing.py): short socket timeouts, no retries,
# and after a failure the broker is left alone for a few seconds; outbox rows wait for the sweeps meanwhile.
TASK_ENQUEUE_TIMEOUT_SECONDS = float(env("TASK_ENQUEUE_TIMEOUT_SECONDS", "0.5"))
TASK_ENQUEUE_PAUSE_SECONDS = float(env("TASK_ENQUEUE_PAUSE_SECONDS", "5"))
# Periodic tasks live in the database (django-celery-beat) and are edited in the admin. The defaults are
# installed once by core/migrations/0002_default_schedules.py; keep this empty so a restart of beat never
# overwrites what an administrator changed.
CELERY_BEAT_SCHEDULE: dict = {}


def redis_cache(url: str, prefix: str) -> dict:
    """Django's cache in Redis (rate limits shared by every web process); short timeouts, never a hang."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


CACHES = {"default": redis_cache(REDIS_URL, "specialisering")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}


# The REST API (/api/v1/, docs/api.md): per-user tokens (api.authentication) for systems, the session (with
# CSRF) for the browsable API and the docs; throttled per token or user in the shared Redis cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.ApiAnonThrottle", "api.throttles.ApiUserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", "60/min"),
        "user": env("API_THROTTLE_USER", "600/min"),
        "write": env("API_THROTTLE_WRITE", "120/min"),
    },
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Specialiseringsvurdering – REST-API",
    "DESCRIPTION": (
        "Nuværende indplaceringer, leverandører og afdelinger, leverandørens oplysningsskema og sager for "
        "socialtilsynets medarbejdere. Log ind med en API-nøgle (`Authorization: Bearer sv_…`), som "
        "fagadministratoren opretter. Se docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TAGS": [
        {"name": "Indplaceringer", "description": "Nuværende indplaceringer (myndighed og socialtilsynet)."},
        {"name": "Leverandører", "description": "Leverandører og afdelinger, som brugeren må se."},
        {"name": "Oplysningsskema", "description": "Leverandørens eget system: skemaet, svarene og indsendelsen."},
        {"name": "Sager", "description": "Socialtilsynets medarbejdere: sager og deres status."},
    ],
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "targetgroups.models.LevelChoices",
        "SupplierKindEnum": "suppliers.models.Supplier.Kind",
        "CaseKindEnum": "assessments.models.Case.Kind",
        "FormStatusEnum": "assessments.models.InformationForm.Status",
    },
}
