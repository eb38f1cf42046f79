"""Settings of the whitelist portal: every value comes from the environment, with quick-start defaults."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="insecure-quick-start-key-change-me" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Addresses (or networks) of our own reverse proxies: only they may name the client (X-Forwarded-For) and the
# request id (X-Request-ID). Empty: REMOTE_ADDR is the client and every request id is ours.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "apps.accounts",
    "apps.audit",
    "apps.notifications",
    "apps.portal",
    "apps.applications",
    "apps.reviews",
    "apps.whitelist",
    "apps.complaints",
    "apps.ledger",
    "apps.visits",
    "apps.stats",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A visitor's public page straight from the cache, before sessions, CSRF and templates (see the module).
    "apps.whitelist.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.portal.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.audit.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "whitelist_portal.urls"
WSGI_APPLICATION = "whitelist_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.portal.context_processors.portal",
            ],
        },
    },
]

# Database: a SQLite file for the quick start, PostgreSQL through DATABASE_URL for real use.
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages read a page of rows at a time: on a small server, one parallel worker per query serves both the
    # filtered queue (slower with more workers) and the title search (slower with none). bench/scale.py measures it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={env.int('PG_PARALLEL_WORKERS', default=1)}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Simplified Chinese first, English switchable; China Standard Time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# Static files are served by WhiteNoise; uploads live in a private folder never served directly.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
WHITENOISE_ROOT = BASE_DIR / "public"  # files served at the site root: /favicon.ico
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private"))},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
PRIVATE_MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# What a Word attachment (a zip) may declare it unpacks to, in total; checked before anything is inflated.
ATTACHMENT_MAX_UNZIPPED_BYTES = env.int("ATTACHMENT_MAX_UNZIPPED_BYTES", default=100 * 1024 * 1024)

# Redis: when REDIS_URL is set it is the Celery broker and result backend and the cache;
# when unset, tasks run in-process and the cache is local memory.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Short socket timeouts: a Redis that does not answer costs a page a second, not a hung worker.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=1.0),
                                      "socket_timeout": env.float("REDIS_SOCKET_TIMEOUT", default=2.0)}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_RESULT_EXPIRES = 24 * 3600
# With acks_late on Redis the visibility timeout must exceed the longest task, or it runs twice.
# A broker that is down must not hang a request: connect within seconds and retry a publish once; the export
# sweep (apps/whitelist/export_queue.py) hands over what could not be sent.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT,
                                   "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=1.0),
                                   "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=1.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=1.0)
CELERY_REDIS_SOCKET_TIMEOUT = 5
# A run "running" longer than this lost its worker (the hard time limit has passed): the sweep redoes it.
EXPORT_RUNNING_TIMEOUT = env.int("EXPORT_RUNNING_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60)

# E-mail: console by default, SMTP (or any backend) through EMAIL_URL.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="白名单管理平台 <noreply@whitelist.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The public complaint channels, shown in every page's footer.
PORTAL_NAME = _("社会事务进校园白名单管理平台")
COMPLAINT_HOTLINE = env("COMPLAINT_HOTLINE", default="0595-12345678")
COMPLAINT_HOTLINE_HOURS = env("COMPLAINT_HOTLINE_HOURS", default=gettext_noop("工作日 8:00—12:00，14:30—17:30"))
COMPLAINT_EMAIL = env("COMPLAINT_EMAIL", default="jianfu@jyj.example.gov.cn")
# The complaint line: working days to reply, and per-IP limits of the public report and lookup pages.
COMPLAINT_REPLY_WORKING_DAYS = env.int("COMPLAINT_REPLY_WORKING_DAYS", default=15)
COMPLAINT_REPORT_LIMIT = env.int("COMPLAINT_REPORT_LIMIT", default=5)  # online reports per IP per hour
COMPLAINT_LOOKUP_LIMIT = env.int("COMPLAINT_LOOKUP_LIMIT", default=10)  # code lookups per IP per 10 minutes
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# The rectification ledger: the group told when a line is more than 10 working days overdue.
LEDGER_ESCALATION_GROUP = env("LEDGER_ESCALATION_GROUP", default="审核人-教育督导室")

# Brute force: repeated failed logins lock the account and, separately, the address for a while.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = env.list("AXES_LOCKOUT_PARAMETERS", default=["username", "ip_address"])
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "whitelist_portal.client.client_ip"
AXES_VERBOSE = False

# Anonymous HTML form POSTs (objections, reports): at most this many per address per window, then a 429 page.
PUBLIC_FORM_RATE = env("PUBLIC_FORM_RATE", default="10/hour")

# The API: a session for the browser (with CSRF on writes), a token for machines; no Basic auth.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "whitelist_portal.api_access.PortalTokenAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "whitelist_portal.api_access.AnonRateThrottle",
        "whitelist_portal.api_access.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", default="120/minute"),
        "user": env("API_USER_RATE", default="1200/minute"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Every request body loses the characters XML cannot hold before a serializer sees it.
    "DEFAULT_PARSER_CLASSES": [
        "whitelist_portal.text_input.PlainJSONParser",
        "whitelist_portal.text_input.PlainFormParser",
        "whitelist_portal.text_input.PlainMultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "社会事务进校园白名单管理平台 API",
    "DESCRIPTION": "申报、审核、白名单发布、举报受理与开放数据接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        # The application's names stay as they were before the complaints brought a second category and status.
        "CategoryEnum": "apps.applications.models.Category",
        "StatusEnum": "apps.applications.models.Application.Status",
        "ComplaintBurdenCategoryEnum": "apps.complaints.models.BurdenCategory",
        "ComplaintStatusEnum": "apps.complaints.models.Complaint.Status",
    },
}

# Production hardening: on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"refusal_without_traceback": {"()": "whitelist_portal.logfilters.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["refusal_without_traceback"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": env("AXES_LOG_LEVEL", default="WARNING")}},
}

# Tests and CI: when set, a missing Postgres, Redis, worker or browser fails instead of skipping.
REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)
