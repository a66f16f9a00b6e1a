"""Django settings, all read from the environment (BOOK.md §3, twelve-factor).

Nothing configured selects the embedded profile: SQLite and a local-memory cache under ./var/.
DATABASE_URL and REDIS_URL select the scaled profile. Every variable is listed with its default
and meaning in .env.example and in the README.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext

from microposts.config.env import (
    ConfigurationError,
    read_bool,
    read_int,
    read_list,
    read_secret_key,
    read_str,
    read_url,
)

django_stubs_ext.monkeypatch()  # admin.ModelAdmin[Post] and QuerySet[Post] work at run time

VAR_DIR = Path(read_str("MICROPOSTS_VAR_DIR", "var")).resolve()

DEBUG = read_bool("DEBUG", default=False)
SECRET_KEY = read_secret_key("SECRET_KEY", VAR_DIR)
ALLOWED_HOSTS = read_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = read_list("CSRF_TRUSTED_ORIGINS", [])

# The book: micropost text has a maximum length, reported by the API in its errors.
MAX_POST_LENGTH = read_int("MAX_POST_LENGTH", 500, minimum=1, maximum=100_000)
API_TOKEN_LIFETIME_SECONDS = 86_400

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "ninja",  # its Swagger UI files are then served by us (collectstatic), not from a CDN
    "django_htmx",  # htmx itself, served from our static files
    "axes",
    "microposts.core",
    "microposts.accounts",
    "microposts.posts",
    "microposts.notifications",
    "microposts.timelines",
    "microposts.stats",
    "microposts.api",
    "microposts.web",
    "microposts.ops",
    "microposts.seed",
]

MIDDLEWARE = [
    # First: the request's ID, log line and metrics cover everything after it (ops/).
    "microposts.ops.middleware.RequestMiddleware",
    "microposts.ops.profiling.ProfilingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "microposts.web.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "microposts.web.errors.ApplicationErrorMiddleware",
    # Last, as django-axes asks: it turns a lockout found during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "microposts.config.urls"
WSGI_APPLICATION = "microposts.config.wsgi.application"

# The website's templates are Jinja2 (web/jinja2/web/, docs/decisions/0007-website.md); Django's
# own engine stays, second, for the admin and the API's docs page. The Jinja2 backend gives
# `request` itself, and lets its context processors' values override the view's.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "microposts.web.jinja.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "microposts.web.context_processors.navigation",
                "microposts.web.jinja.page_rendering",  # the CSRF token, masked once a page
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database(url: str | None) -> dict[str, object]:
    if url is None:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "microposts.sqlite3",
            # Persistent connections: one per app-server thread, reused across requests.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # BEGIN IMMEDIATE takes the write lock up front, so concurrent writers wait on the
                # busy timeout instead of failing with "database is locked" on lock upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 5,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA temp_store=MEMORY;"
                    "PRAGMA cache_size=-16000;"
                    "PRAGMA mmap_size=134217728"
                ),
            },
            # Tests use a file, not memory: the task-manager tests start real worker processes,
            # which must open the same database.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url))
    except ValueError as error:
        raise ConfigurationError(f"DATABASE_URL: not a valid database URL ({error})") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return {**config, "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 5}}
    # No parallel workers for our queries: each reads a page, and starting workers cost more than
    # the page (measured, a timeline page took 8-11 ms with two workers, 4.6-6 ms without).
    options: dict[str, object] = {"options": "-c max_parallel_workers_per_gather=0"}
    if read_bool("DATABASE_POOL", default=True):
        # psycopg's pool keeps connections open across requests; Django then needs CONN_MAX_AGE 0.
        pool_max = read_int("DATABASE_POOL_MAX_SIZE", 10, minimum=1)
        config["CONN_MAX_AGE"] = 0
        options["pool"] = {"min_size": 1, "max_size": pool_max, "timeout": 10}
    else:
        config["CONN_MAX_AGE"] = None
    config["OPTIONS"] = options
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASE_URL = read_url("DATABASE_URL", schemes=("postgres", "postgresql", "pgsql", "sqlite"))
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = read_url("REDIS_URL", schemes=("redis", "rediss", "unix"))
if REDIS_URL is None:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# The task manager (Celery; DESIGN.md). The broker: CELERY_BROKER_URL (Redis or RabbitMQ), else
# the cache's Redis, else, embedded, a SQLite file beside the database that needs no server.
CELERY_BROKER_URL = (
    read_url("CELERY_BROKER_URL", schemes=("redis", "rediss", "amqp", "amqps", "sqlite"))
    or REDIS_URL
    or f"sqlite:///{VAR_DIR / 'broker.sqlite3'}"
)
EMBEDDED_BROKER = CELERY_BROKER_URL.startswith("sqlite:")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if EMBEDDED_BROKER:
    # kombu's SQL transport, polled every 50 ms (core/broker.py). Its options all go to
    # SQLAlchemy's create_engine: SQLite waits for another process's write instead of failing.
    CELERY_BROKER_TRANSPORT = "microposts.core.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {"connect_args": {"timeout": 5}}
elif CELERY_BROKER_URL.startswith("redis"):
    # A worker given `-Q priority,background` empties priority first.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "queue_order_strategy": "priority",
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "background"
CELERY_TASK_ACKS_LATE = True  # a task a worker dies holding is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # what a task did is in the database (core.Job), not a backend
# Enqueueing happens after commit, in the request: with the broker down it gives up at once (the
# job is recorded, and the sweep sends it later) rather than hold the request.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "UTC"
# A job not done this long after it was (last) sent is sent again by the sweep.
JOB_RESEND_AFTER = timedelta(seconds=read_int("JOB_RESEND_AFTER_SECONDS", 300, minimum=1))

# Home timelines in Redis, filled by fan-out (timelines/store.py): on the scaled profile. Unset
# with no REDIS_URL: home timelines are read from SQL.
TIMELINES_REDIS_URL = (
    read_url("TIMELINES_REDIS_URL", schemes=("redis", "rediss", "unix")) or REDIS_URL
)

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it counts failed logins (web and API) and refuses a locked-out one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "microposts.accounts.backends.AccountBackend",
]
SESSION_ENGINE = "microposts.accounts.sessions"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:front"

# Login throttling: after AXES_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is refused for the cool-off time; a success resets the count.
AXES_FAILURE_LIMIT = read_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=read_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "microposts.web.errors.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# No inline scripts or styles anywhere: every script and style sheet is a file of our own.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(read_str("STATIC_ROOT", str(VAR_DIR / "static"))).resolve()

# Where people reach the site, for the links in emails.
SITE_URL = read_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Email: SMTP when EMAIL_HOST is set, otherwise written to files under EMAIL_FILE_PATH. Never to
# the console: stdout is the log stream, and an email's body must not be in the logs.
DEFAULT_FROM_EMAIL = read_str("DEFAULT_FROM_EMAIL", "MicroPosts <noreply@localhost>")
EMAIL_HOST = read_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = read_int("EMAIL_PORT", 587, minimum=1, maximum=65_535)
    EMAIL_HOST_USER = read_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = read_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = read_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = read_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# Cookies are Secure outside DEBUG; set SECURE_COOKIES=false only to serve plain HTTP on a
# network you trust. Browsers treat http://127.0.0.1 and http://localhost as secure already.
SECURE_COOKIES = read_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "microposts.web.errors.csrf_failure"  # in the site's style
if read_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Set only once the site is served over HTTPS for good: browsers remember it for this long.
SECURE_HSTS_SECONDS = read_int("SECURE_HSTS_SECONDS", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Adds /_bench/bare, the ceiling the load benchmark divides by. Off in production.
BENCH_ENDPOINTS = read_bool("MICROPOSTS_BENCH_ENDPOINTS", default=False)

# Operations (ops/, docs/operations.md). Logs: one line per event on stdout, JSON unless DEBUG.
LOG_LEVEL = read_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ConfigurationError(
        f"LOG_LEVEL: expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got {LOG_LEVEL!r}"
    )
LOG_FORMAT = read_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ConfigurationError(f"LOG_FORMAT: expected json or text, got {LOG_FORMAT!r}")
REQUEST_LOGS = read_bool("REQUEST_LOGS", default=True)  # a line per request
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "microposts.ops.logs.JsonFormatter"},
        "text": {"()": "microposts.ops.logs.TextFormatter"},
    },
    "filters": {"client_faults": {"()": "microposts.ops.logs.ClientFaultsAreWarnings"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["client_faults"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Client errors (4xx) are not server faults: the book wants ERROR only for 5xx. Our own
        # request line (ops/middleware.py) reports every request; Django's adds the traceback.
        "django.request": {"level": "ERROR", "propagate": True},
        # Celery's line per task says what ops/tasking.py's does.
        "celery.app.trace": {"level": "WARNING", "propagate": True},
    },
}

# Metrics at /metrics: each process writes its own under METRICS_DIR, /metrics adds them up.
METRICS_ENABLED = read_bool("METRICS_ENABLED", default=True)
METRICS_DIR = Path(read_str("METRICS_DIR", str(VAR_DIR / "metrics"))).resolve()
METRICS_DIR.mkdir(parents=True, exist_ok=True)
# prometheus_client reads it when first imported, in every process that loads these settings.
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)
# Besides loopback callers, whoever sends `Authorization: Bearer <METRICS_TOKEN>`.
METRICS_TOKEN = read_str("METRICS_TOKEN", "")

# Profiling single requests (ops/profiling.py): off unless one of these is set.
PROFILING_SECRET = read_str("PROFILING_SECRET", "")
PROFILING_SAMPLE_EVERY = read_int("PROFILING_SAMPLE_EVERY", 0, minimum=0)

# django-debug-toolbar, on a DEBUG machine only, for requests from this machine.
if DEBUG:
    INSTALLED_APPS.append("debug_toolbar")
    MIDDLEWARE.insert(2, "debug_toolbar.middleware.DebugToolbarMiddleware")
    INTERNAL_IPS = ["127.0.0.1", "::1"]
