"""Tandem settings, read from the environment (django-environ).

The embedded defaults (SQLite, eager Celery, console email) need no
configuration; production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY,
ALLOWED_HOSTS and EMAIL_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is a convenience for development; the environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment; only DEBUG=1 runs "
            "with a development key."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "crm.urls"
WSGI_APPLICATION = "crm.wsgi.application"
ASGI_APPLICATION = "crm.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Django's admin, opened to superusers only (crm.admin_site).
    "crm.admin_site.TandemAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "django_htmx",
    # -- Hardened access (issue 18, points 2 and 6): login throttling, second
    # factor (TOTP and recovery codes), content security policy. --
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # -- end hardened access --
    "crm",
    "companies",
    "outreach",
    "benefits",
    # Partners after the win: experts, events, attendance (reads outreach and below).
    "network",
    # Certification, re-certification and mentoring tandems (after the win).
    "certification",
    # Reads every app above; plugs in through signals (crm.reports.receivers).
    "crm.reports",
    # Access, erasure and retention: reads every app above (its scanner walks every model).
    "privacy",
    # The history of every change (django-auditlog, with our own entry model).
    "auditlog",
    "history",
    # The REST API (issue 20): reads every app above, writes through their services.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # -- Hardened access: CSP and Permissions-Policy headers on every answer. --
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # -- end hardened access --
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "crm.middleware.ActiveTeamMiddleware",
    # -- Hardened access: a second factor where one is set up or required; axes
    # last, as its documentation asks. --
    "crm.accounts.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    # -- end hardened access --
    "history.middleware.HistoryActorMiddleware",
]

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
                "crm.context_processors.navigation",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
DEFAULT_SQLITE = BASE_DIR / "var" / "tandem.sqlite3"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DEFAULT_SQLITE}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions keep a web process and an eager task from
    # tripping over "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
        "DATABASE_JIT", default=False
    ):
        # PostgreSQL compiles a query to machine code when its estimated cost is high;
        # for a page's small queries that costs more than it saves (27 ms of JIT for a
        # 1 ms query on the campaign page, bench/README.md). DATABASE_JIT=1 keeps it on.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()

# ------------------------------------------------------------------------------
# Cache: figures that are expensive to compute and change rarely (the review queue's
# scores). Per process by default; with several web processes, one shared cache
# (CACHE_URL=redis://…) computes each once.
# ------------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The daily pages served again while nothing in the database has changed (on
# PostgreSQL; crm.page_cache), for at most this many seconds. 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)

# ------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# -- Hardened access: axes first, so a locked-out user or address is refused
# before any password is checked. --
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 10 failures within the cool-off lock the user name (from anywhere) and the
# address (for any user name); each further try restarts the wait.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "crm.accounts.views.lockout"
# The client address for the lockout. Without a proxy only REMOTE_ADDR counts,
# so a client cannot forge its address. Behind N reverse proxies that each
# append to X-Forwarded-For (nginx: proxy_add_x_forwarded_for), set
# TRUSTED_PROXY_COUNT=N: the address the outermost proxy saw is used.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]
    # ipware counts the proxies behind the one that wrote the client's address.
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Team leads and admins of a team that requires it, and everyone who set one up,
# pass a TOTP code or a recovery code after the password.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Tandem")
# -- end hardened access --
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# ------------------------------------------------------------------------------
# Internationalisation: German first, English second
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static and media files (everything served from this application, no CDN)
# ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# MEDIA_URL is never served: stored files leave only through team-checked views
# (crm.files). A front server may send them for those views: "nginx"
# (X-Accel-Redirect to FILES_FRONT_PREFIX, an internal location over MEDIA_ROOT)
# or "apache" (X-Sendfile); empty: the application sends the bytes itself.
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Rows one company import may hold (CSV or XLSX).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
FILES_FRONT_SERVER = env.str("FILES_FRONT_SERVER", default="")
FILES_FRONT_PREFIX = env.str("FILES_FRONT_PREFIX", default="/protected-media/")
if FILES_FRONT_SERVER not in {"", "nginx", "apache"}:
    raise ImproperlyConfigured('FILES_FRONT_SERVER must be "nginx", "apache" or empty.')
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ------------------------------------------------------------------------------
# Email
# ------------------------------------------------------------------------------
# Password reset links go out through this backend (console in development).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tandem@localhost")

# ------------------------------------------------------------------------------
# Celery: eager in-process unless a broker is configured
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="tandem")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Run `celery -A crm beat` next to the workers in production.
CELERY_BEAT_SCHEDULE = {
    # Each owner's overdue and stale cases, on working days before the office opens.
    "pipeline-daily-digest": {
        "task": "crm.tasks.digests_send",
        "schedule": crontab(
            hour=env.int("DIGEST_HOUR", default=7), minute=0, day_of_week="mon-fri"
        ),
    },
    # Each team's retention periods (privacy.RetentionPolicy), every night.
    "privacy-retention-daily": {
        "task": "privacy.tasks.retention_run_all",
        "schedule": crontab(hour=env.int("RETENTION_HOUR", default=3), minute=30),
    },
}

# ------------------------------------------------------------------------------
# Links in emails (no request to take the host from)
# ------------------------------------------------------------------------------
TANDEM_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The load benchmark (`make bench-load`) turns this on to reach its floor page, the
# base layout with nothing in it (`crm.views.BareView`); off everywhere else.
BENCH_LOAD = env.bool("BENCH_LOAD", default=False)

# ------------------------------------------------------------------------------
# Third-party UI
# ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-hover align-middle mb-0"}

# ------------------------------------------------------------------------------
# History of every change (django-auditlog)
# ------------------------------------------------------------------------------
# Our entry model adds the team and the service's name (history/models.py).
AUDITLOG_LOGENTRY_MODEL = "history.LogEntry"
# Its own migrations would still create the swapped-out table (auditlog_logentry), which
# nothing uses and which blocks TRUNCATE of the content types in PostgreSQL tests.
MIGRATION_MODULES = {"auditlog": None}
# No IP addresses: personal data of the staff that the accountability does not need.
AUDITLOG_DISABLE_REMOTE_ADDR = True
# Fixtures and migrations load raw rows; they are not anyone's change.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# ------------------------------------------------------------------------------
# Security (production)
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# -- Hardened access: HTTPS and cookies from the environment; the production
# example in the README turns all of them on and passes `check --deploy`. --
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# A load balancer probes over plain HTTP behind the TLS terminator: no redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=SECURE_COOKIES)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=SECURE_COOKIES)
# Trust X-Forwarded-Proto only when a proxy in front sets it (and strips it from clients).
if env.bool("SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Scripts and styles only from this application: no inline script, no eval.
# Templates still carry a few `style=` attributes (bar widths, card widths), so
# style-src alone allows inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# -- The REST API (issue 20) --
# Personal tokens first (a 401 names the Bearer scheme), the browser's session with
# its CSRF check second. JSON only, in and out: no browsable API (inline scripts).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env.str("API_THROTTLE_RATE", default="600/min")},
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tandem API",
    "DESCRIPTION": "Companies, partners, cases and outreach of your team (the token's team).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Choice sets that share a field name get names of their own (not a hash).
    "ENUM_NAME_OVERRIDES": {
        "TouchpointChannelEnum": "outreach.models.Channel",
        "IntroductionChannelEnum": "outreach.models.Introduction.Channel",
        "TouchpointOutcomeEnum": "outreach.models.Touchpoint.Outcome",
        "IntroductionOutcomeEnum": "outreach.models.Introduction.Outcome",
        "PartnerKindEnum": "companies.models.NetworkPartner.Kind",
        "TieKindEnum": "companies.models.Tie.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.closed_request_bodies",
    ],
}
# Webhook deliveries that fail are tried again after 1, 2, 4, 8, 16 times this.
WEBHOOK_RETRY_SECONDS = env.int("WEBHOOK_RETRY_SECONDS", default=60)
# -- end REST API --

# No page needs these; denied for the page and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}
# -- end hardened access --

# ------------------------------------------------------------------------------
# Logging
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
