"""PartnerDirect portal settings.

Every value comes from the environment (see the README's configuration table). With nothing set,
the embedded default runs: SQLite file, Celery tasks in-process, e-mail printed to the console,
DEBUG on. Setting DEBUG=false switches on the production hardening below.
"""

import tempfile
from decimal import Decimal
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="embedded-default-insecure-key-change-me" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Public address used in e-mails sent from background tasks (no request to build it from).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "phonenumber_field",
    "portal",
    "catalog",
    "rebates",
    "training",
    "distributors",
    "deals",
    "benefits",
    "newsletter",
    "advantage",
    "library",
    "discounts",
    "service_locator",
    "news",
    "leads",
]

MIDDLEWARE = [
    "toolkit.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything that reads a body (the CSRF check parses multipart POSTs): 413 at once.
    "toolkit.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers: wait instead of failing, and take the write lock up front.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Django's connection pool (psycopg_pool), one per process, sized by DATABASE_POOL_MAX_SIZE; 0 = no
    # pool (a connection per request or task, kept CONN_MAX_AGE seconds). On by default in production
    # (DEBUG=false), off otherwise: tests and `make run` connect as before. Sizing: README, "Configuration".
    DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=0 if DEBUG else 10)
    if DATABASE_POOL_MAX_SIZE > 0:
        from toolkit.db_pool import reset_session

        if env.int("CONN_MAX_AGE", default=0) != 0:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured("CONN_MAX_AGE must be 0 (or unset) with DATABASE_POOL_MAX_SIZE > 0.")
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses a pool with persistent connections
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(env.int("DATABASE_POOL_MIN_SIZE", default=1), DATABASE_POOL_MAX_SIZE),
            "max_size": DATABASE_POOL_MAX_SIZE,
            # Seconds a request or task waits for a connection before failing. Keep max_size at least
            # GUNICORN_THREADS (config/gunicorn.py: one connection per thread serving a request) so no request
            # waits for another's; while the database is down, each request waits this long for its 503.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=5.0),
            # A connection goes back to the pool without session state: no advisory lock (toolkit/locks.py
            # counts on a lock going with its session), no temporary table.
            "reset": reset_session,
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Shared cache: rate limits (logins, status look-ups) must hold across processes. Optional for
    # correctness: while Redis is down the portal works on, limits fail open (toolkit/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "toolkit.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    # Sessions from Redis, written through to the database (toolkit/sessions.py): one query less on
    # every signed-in page; a Redis restart signs nobody out.
    SESSION_ENGINE = "toolkit.sessions"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Stored files (reports, statements) are never served from a public URL: no URL pattern or web
# server maps this prefix; files go out through views that check permissions.
MEDIA_URL = "/protected-media/"

# --- Celery ------------------------------------------------------------------------------------
# Production and CI: RabbitMQ (amqp://). Without a broker tasks run in-process (the embedded default
# for a first run). redis:// still works for a quick local try, but is not what production runs:
# its transport loses a dead worker's task for the visibility timeout and crashed workers on outages.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it is done; a worker that dies gives its task back to the broker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="portal")
# mail, imports and payout runs each have a queue of their own (config/celery.py, docs/operations.md).
CELERY_TASK_ROUTES = ["config.celery.route_task"]
# A worker that stops taking tasks is restarted by its supervisor; a task that overruns is stopped:
# soft limit (the task may clean up), then hard. Long tasks set their own (distributors/tasks.py).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker waits out a broker outage of any length
if CELERY_BROKER_URL.startswith(("amqp", "pyamqp")):
    # Quorum queues keep their messages on disk through a broker restart (and replicate in a
    # cluster); publisher confirms mean a publish returns only once the broker has the message.
    # Native delayed delivery (retries with a countdown) needs topic exchanges.
    CELERY_TASK_DEFAULT_QUEUE_TYPE = "quorum"
    CELERY_TASK_CREATE_MISSING_QUEUE_TYPE = "quorum"
    CELERY_TASK_DEFAULT_EXCHANGE_TYPE = "topic"
    CELERY_TASK_CREATE_MISSING_QUEUE_EXCHANGE_TYPE = "topic"
    CELERY_BROKER_TRANSPORT_OPTIONS = {"confirm_publish": True}
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_TIMEZONE = "Europe/Moscow"
# Workers log through LOGGING below (with request ids), not Celery's own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# beat keeps its schedule state outside the code tree (a volume in compose), and touches a heartbeat
# file on each tick for its health check (config/celery.py, docs/operations.md).
CELERY_BEAT_SCHEDULER = "config.celery:HeartbeatScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(Path(tempfile.gettempdir()) / "partnerdirect-celerybeat-schedule")
)
BEAT_HEARTBEAT_FILE = env.str(
    "BEAT_HEARTBEAT_FILE", default=str(Path(tempfile.gettempdir()) / "partnerdirect-beat-heartbeat")
)
CELERY_BEAT_MAX_LOOP_INTERVAL = 60
CELERY_BEAT_SCHEDULE = {
    # Reminders 7 days and 1 day before ACCEPT deadlines; each is recorded, so hourly runs send once.
    "accept-deadline-reminders": {"task": "rebates.tasks.send_deadline_reminders", "schedule": 3600.0},
    # The first payout run of a quarter, PAYOUT_RUN_DAYS_AFTER_QUARTER days after it ends (late reports arrive).
    "scheduled-payout-runs": {"task": "rebates.tasks.start_scheduled_payout_runs", "schedule": 6 * 3600.0},
    # Jobs a broker outage held back (recorded with their change, published when the broker is back).
    "dispatch-outbox": {"task": "portal.tasks.dispatch_outbox", "schedule": 60.0},
    # Reports whose worker died or whose task the broker lost: queued again, or failed with a message.
    "sweep-stuck-reports": {"task": "distributors.tasks.sweep_stuck_reports", "schedule": 120.0},
    # Deal protections: expire those that ended, remind 14 and 3 days before (each once); hourly is harmless.
    "deal-protections": {"task": "deals.tasks.expire_and_remind_deals", "schedule": 3600.0},
    # Deals past their answer's service level go to the program administrators, once each.
    "deal-escalations": {"task": "deals.tasks.escalate_overdue_deals", "schedule": 900.0},
    # Dell Registered certificates: issued or renewed for partners that bought in the last four quarters.
    "renew-certificates": {"task": "benefits.tasks.renew_certificates", "schedule": 6 * 3600.0},
    # Newsletter digests of the week and month just ended; each recipient's digest is recorded, so hourly sends once.
    "newsletter-digests": {"task": "newsletter.tasks.prepare_digests", "schedule": 3600.0},
    # Newsletter sends whose worker died or whose batch the broker lost: taken up again (also at worker start).
    "newsletter-sweep": {"task": "newsletter.tasks.sweep_deliveries", "schedule": 60.0},
    # PartnerAdvantage: pending claims matched again (reviews due, returns), training points, expiry.
    "advantage-daily": {"task": "advantage.tasks.advantage_daily", "schedule": 3600.0},
    # Discounts earned in a quarter, fixed for the next one once it closes (as payout runs); idempotent.
    "discount-quarter-close": {"task": "discounts.tasks.close_discount_quarters", "schedule": 6 * 3600.0},
    # Leads not answered in LEADS_ANSWER_WORKING_DAYS return to the pool, staff told; each lead once.
    "lead-offers-expiry": {"task": "leads.tasks.expire_lead_offers", "schedule": 900.0},
}
PAYOUT_RUN_DAYS_AFTER_QUARTER = env.int("PAYOUT_RUN_DAYS_AFTER_QUARTER", default=10)
PAYOUT_RUN_MAX_ATTEMPTS = env.int("PAYOUT_RUN_MAX_ATTEMPTS", default=3)

# --- Mail (Django 6.1 MAILERS; EMAIL_URL as in django-environ) ----------------------------------
_mail = env.email_url("EMAIL_URL", default="consolemail://")
_mail_options = {}
if _mail["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": _mail["EMAIL_HOST"],
        "port": _mail["EMAIL_PORT"],
        "username": _mail["EMAIL_HOST_USER"] or None,
        "password": _mail["EMAIL_HOST_PASSWORD"] or None,
        "use_tls": bool(_mail.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_mail.get("EMAIL_USE_SSL")),
        "timeout": 20,
    }
elif _mail["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    # filemail:///abs/path — django-environ drops the leading slash; the path is always absolute.
    _mail_options = {"file_path": "/" + _mail["EMAIL_FILE_PATH"].lstrip("/")}
elif _mail["EMAIL_BACKEND"].endswith("console.EmailBackend") and DEBUG:
    # decoded text, not base64; without DEBUG Django's own backend stays, which its deploy check refuses
    _mail["EMAIL_BACKEND"] = "toolkit.mail.ReadableConsoleBackend"
MAILERS = {"default": {"BACKEND": _mail["EMAIL_BACKEND"], "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PartnerDirect <partnerdirect@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth ≥ 65.4) ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="5/5m/key,20/5m/ip"),
    "reset_password": "20/m/ip,5/5m/key",
}
# Proxies in front that append to X-Forwarded-For (toolkit.throttling.client_address reads it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "PartnerDirect"
# Vendor staff must have TOTP before they can use the admin (payouts are approved there).
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=not DEBUG)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "rebates:dashboard"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language, time, money ---------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
PHONENUMBER_DEFAULT_REGION = "RU"

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Stored files (reports, certificates): MEDIA_ROOT on the embedded default; an S3 bucket (AWS, MinIO,
# …) once AWS_STORAGE_BUCKET_NAME is set, so that every web and worker machine sees the same files.
# Code reaches them through the storage API only (toolkit/files.py, docs/reliability.md §9).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _s3_endpoint,  # empty: AWS itself
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else boto3's chain (an instance role).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),  # a key prefix inside the bucket
            # MinIO and other self-hosted servers: bucket in the path, not in the host name.
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path" if _s3_endpoint else "") or None,
            # Objects are private: no ACL is sent, so they get the bucket's (owner only; keep the
            # bucket's public access blocked). Files go out through the portal's views, which stream
            # them; should anything ask for a URL, it is signed and short-lived.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            # Two uploads named "sales.xlsx" in one month are two objects, never one overwriting the other.
            "file_overwrite": False,
            # A file read through storage.open() spills to a temporary file above this, not into memory.
            "max_memory_size": 8 * 2**20,
        },
    }

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so an unauthenticated call gets 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "distributors.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in, login and company active, staff with a second factor (portal/access.py).
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.permissions.PortalUser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.api.throttles.CallerBurstThrottle",
        "portal.api.throttles.CallerSustainedThrottle",
        "portal.api.throttles.AnonymousThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PartnerDirect portal API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema and docs are public so distributors' developers can read them; data is not.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.api.schema.add_error_responses"],
}

# API rates ("N/period", period s, m, h or d, optionally with a count: "60/10s"): per token (or
# signed-in user), per client address for anonymous calls and for failed token look-ups.
API_THROTTLE_RATES = {
    "burst": env.str("API_RATE_BURST", default="60/10s"),
    "sustained": env.str("API_RATE_SUSTAINED", default="2000/h"),
    "anonymous": env.str("API_RATE_ANONYMOUS", default="30/m"),
    "report_upload": env.str("API_RATE_REPORT_UPLOADS", default="30/h"),
    "bad_token": env.str("API_RATE_BAD_TOKENS", default="20/5m"),
}

# --- Portal rules (settings so operations can tune them) ---------------------------------------
# Deal registration (docs/deals.md): protection after approval, extensions, the answer's service level.
DEAL_PROTECTION_DAYS = env.int("DEAL_PROTECTION_DAYS", default=90)
DEAL_EXTENSION_DAYS = env.int("DEAL_EXTENSION_DAYS", default=30)
DEAL_MAX_EXTENSIONS = env.int("DEAL_MAX_EXTENSIONS", default=1)
DEAL_ANSWER_WORKING_DAYS = env.int("DEAL_ANSWER_WORKING_DAYS", default=2)
# Leads (docs/tools.md): working days a partner has to accept or decline a lead passed to it.
LEADS_ANSWER_WORKING_DAYS = env.int("LEADS_ANSWER_WORKING_DAYS", default=3)
# Dell Registered certificate (docs/benefits.md): net units bought in the preceding four fiscal
# quarters that qualify a partner, and how long a certificate runs.
CERTIFICATE_MIN_UNITS = env.int("CERTIFICATE_MIN_UNITS", default=1)
# A roubles threshold as well (0: none): purchases at the prices distributors reported, lines without a price count 0.
CERTIFICATE_MIN_RUB = Decimal(env.str("CERTIFICATE_MIN_RUB", default="0"))
CERTIFICATE_DAYS = env.int("CERTIFICATE_DAYS", default=365)
# The newsletter (docs/benefits.md): messages a worker process sends per minute at most (the mail
# server's limit, divided by the mail workers' processes), recipients per batch task, how long a
# message taken by a worker may stay unconfirmed before it is sent again (a worker killed mid-send),
# how long a confirmation link works, and the mailbox in List-Unsubscribe (empty: the link only).
NEWSLETTER_RATE_PER_MINUTE = env.int("NEWSLETTER_RATE_PER_MINUTE", default=600)
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
NEWSLETTER_CLAIM_TIMEOUT_SECONDS = env.int("NEWSLETTER_CLAIM_TIMEOUT_SECONDS", default=300)
NEWSLETTER_CONFIRM_DAYS = env.int("NEWSLETTER_CONFIRM_DAYS", default=7)
NEWSLETTER_UNSUBSCRIBE_MAILTO = env.str("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="Dell_Partner_Support@Dell.com")
# PartnerAdvantage (docs/advantage.md): how long earned points live, and how long a claim waits for
# the distributor's report before it goes to staff review.
ADVANTAGE_POINTS_EXPIRE_MONTHS = env.int("ADVANTAGE_POINTS_EXPIRE_MONTHS", default=24)
ADVANTAGE_CLAIM_REVIEW_DAYS = env.int("ADVANTAGE_CLAIM_REVIEW_DAYS", default=30)
# Status look-ups by PR number: attempts per client address per window.
STATUS_LOOKUP_RATE = env.int("STATUS_LOOKUP_RATE", default=10)
STATUS_LOOKUP_WINDOW_SECONDS = env.int("STATUS_LOOKUP_WINDOW_SECONDS", default=600)
# Registration applications (that passed the form's checks) per client address and hour.
REGISTRATION_RATE = env.int("REGISTRATION_RATE", default=10)
DELL_ID_START = 1_000_001
# Sell-through reports (docs/reliability.md §11–§12): a full 1,048,576-row sheet fits well within these.
REPORT_MAX_BYTES = env.int("REPORT_MAX_BYTES", default=300 * 2**20)
REPORT_MAX_ROWS = env.int("REPORT_MAX_ROWS", default=1_048_576)
REPORT_MAX_UNCOMPRESSED_BYTES = env.int("REPORT_MAX_UNCOMPRESSED_BYTES", default=2 * 2**30)
REPORT_MAX_COMPRESSION_RATIO = env.int("REPORT_MAX_COMPRESSION_RATIO", default=100)
REPORT_MAX_ARCHIVE_ENTRIES = env.int("REPORT_MAX_ARCHIVE_ENTRIES", default=500)
REPORT_MAX_ATTEMPTS = env.int("REPORT_MAX_ATTEMPTS", default=3)
# A report received or processing this long with no process holding it is queued again by beat.
REPORT_STUCK_AFTER_SECONDS = env.int("REPORT_STUCK_AFTER_SECONDS", default=300)
# Every other request body (forms, certificates up to 10 MB, admin imports): refused with 413 above this.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=11 * 2**20)
# Form fields held in memory; file parts above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 2**20
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 2**20

# --- Security ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Probes speak plain HTTP to the process itself (toolkit/health.py).
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

TEXT_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(client)s] %(message)s"
# Text for people, JSON lines for a log collector; each line with its request id and client
# address (toolkit/logs.py, docs/operations.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "toolkit.logs.ContextFilter"}},
    "formatters": {"json": {"()": "toolkit.logs.JsonFormatter"}, "text": {"format": TEXT_LOG_FORMAT}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": env.str("LOG_FORMAT", default="text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Error tracking: Django and Celery errors to Sentry when SENTRY_DSN is set (docs/operations.md) ---
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    from toolkit.logs import tag_event_with_request_id

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,  # partners' e-mails and addresses stay out of the error reports
        before_send=tag_event_with_request_id,
    )
