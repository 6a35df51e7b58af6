"""Settings for Delegation Desk.

One module; every knob comes from the environment (or a `.env` file beside manage.py)
through django-environ, with defaults that are safe for local use. README.md lists them all.
"""

import os
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- core -------------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-local-development-key-change-me-in-production-0123456789",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Keys that encrypt passport numbers at rest (vault/): the first encrypts, all decrypt. Make
# one with `manage.py rotate_vault_keys --new-key`; README "Passport numbers".
VAULT_KEYS = env.list("VAULT_KEYS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch the right forms.
    "modeltranslation",
    "config.apps.DeskAdminConfig",  # django.contrib.admin with autocomplete labels
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    # Imports every app's rules.py: the named rules of who may see what (accounts/rules.py).
    "rules.apps.AutodiscoverRulesConfig",
    # Infrastructure (who is signed in; kept pages; e-mail; background jobs), then the domain.
    "pagecache",
    "accounts",
    "outbox",
    "jobs",
    "vault",
    "delegations",
    "forum",
]

MIDDLEWARE = [
    "config.middleware.RetrySafeRequestsOnDatabaseErrors",
    "django.middleware.security.SecurityMiddleware",
    # Compresses every page (a slow mobile link in Beijing); before anything else that writes
    # the body. Django's gzip adds random bytes to each response against BREACH, and CSRF
    # tokens in pages are masked, so a secret in a compressed page cannot be guessed from its
    # length. Static files come compressed from WhiteNoise.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RejectNulCharacters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.session_limits.PrivilegedSessionLimits",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.RequireSecondFactor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it can turn a lockout into its 429 page.
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------------
# DATABASE_URL: postgres://user:pass@host:5432/name in production and CI; SQLite file by default.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'delegation-desk.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait instead of failing
    # with "database is locked" halfway through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    # Tests use a file, not shared-cache memory: there SQLite locks whole tables and concurrent
    # writers fail at once instead of waiting for the IMMEDIATE write lock.
    # One file per test process, so parallel runs do not delete each other's database.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "var" / f"test-delegation-desk-{os.getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's engine with a health check that needs no round trip (config/postgresql).
        DATABASES["default"]["ENGINE"] = "config.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Pauses (seconds) before repeating a GET/HEAD whose database connection failed.
DATABASE_RETRY_PAUSES = [
    float(s) for s in env.list("DATABASE_RETRY_PAUSES", default=["0.1", "0.3", "0.6", "1.0", "2.0"])
]

# --- cache ------------------------------------------------------------------------------------
# Kept pages and parts (pagecache/core.py) are keyed by generations kept in the database,
# so a local-memory cache per process (the default, locmemcache://) is correct; a shared one
# (CACHE_URL=dbcache://page_cache after `createcachetable`) lets processes share the rendering.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://delegation-desk")}
CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)
# How long a rendered part may stay unused in the cache (it never outlives a change).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)

# History is read, never reverted (delegations/admin.py ReadOnlyHistory).
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- auth -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "accounts.backends.AxesRequestBackend",
    "accounts.backends.ModelBackend",
]
# Sessions live in the database (signing out ends them everywhere at once), read with plain SQL.
SESSION_ENGINE = "accounts.sessions"
# Staff and embassy accounts need a one-time code (TOTP) after the password. Off by default
# only in DEBUG, so the local demo can be clicked through without a phone.
REQUIRE_SECOND_FACTOR = env.bool("REQUIRE_SECOND_FACTOR", default=not DEBUG)
# A trip moves to "confirmed" only with a recorded approval (deciding body, date, case number).
TRIP_APPROVAL_REQUIRED = env.bool("TRIP_APPROVAL_REQUIRED", default=True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Delegation Desk")
# django-axes: the 6th failure for one username from one address locks that pair out; the
# attempts live in the database, so every gunicorn worker sees the same count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=6)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are logged as JSON lines (accounts/audit.py)
AXES_VERBOSE = False
# Lock per real client: behind the proxy the address it saw, not its own (config/client_ip.py).
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
# The username axes records, cut to its column (a 3000-character guess is still counted).
AXES_USERNAME_CALLABLE = "config.client_ip.axes_username"
# Reset links asked for, per e-mail address and per client address, in each window
# (accounts/password_reset.py); counted in this cache.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)
PASSWORD_RESET_WINDOW_SECONDS = env.int("PASSWORD_RESET_WINDOW_SECONDS", default=3600)
PASSWORD_RESET_CACHE = "default"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "me:itinerary"
LOGOUT_REDIRECT_URL = "forum:home"
# Staff and embassy sessions: idle timeout, and an absolute limit since sign-in.
PRIVILEGED_SESSION_IDLE_SECONDS = env.int("PRIVILEGED_SESSION_IDLE_SECONDS", default=30 * 60)
PRIVILEGED_SESSION_MAX_SECONDS = env.int("PRIVILEGED_SESSION_MAX_SECONDS", default=10 * 60 * 60)

# --- languages and time -----------------------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", default="en")
LANGUAGES = [
    ("da", _("Danish")),
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="Europe/Copenhagen")

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("da", "en", "zh-hans")
# Content missing in a language falls back to English, then Danish (the office writes both).
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "da"), "en": ("da",)}

# --- static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default=(
                "django.contrib.staticfiles.storage.StaticFilesStorage"
                if DEBUG
                else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            ),
        )
    },
}
# Largest invitation letter or partnership document (delegations/documents.py).
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=5 * 1024 * 1024)
# Photos of gifts (delegations/photos.py): a phone's photo is a few MB.
GIFT_PHOTO_MAX_BYTES = env.int("GIFT_PHOTO_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)

# --- security ---------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# The container health check speaks plain HTTP to itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Proxies in front of the app that append the client's address to X-Forwarded-For; only then
# is that header believed (config/client_ip.py).
TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=1 if env.bool("BEHIND_TLS_PROXY", default=False) else 0
)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A refused form (missing or stale CSRF token) gets the site's page, not Django's DEBUG hint.
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
# Django's built-in CSP: no inline script anywhere, nothing from other hosts (blocked in China).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# --- e-mail -----------------------------------------------------------------------------------
# EMAIL_URL: smtp+tls://user:password@host:587, or consolemail:// (default) to print mails.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp = _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            "host": _email.get("EMAIL_HOST") or "localhost",
            "port": _email.get("EMAIL_PORT") or None,
            "username": _email.get("EMAIL_HOST_USER") or None,
            "password": _email.get("EMAIL_HOST_PASSWORD") or None,
            "use_tls": bool(_email.get("EMAIL_USE_TLS")),
            "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
            # A mail server that does not answer must not hold a worker for minutes.
            "timeout": env.float("EMAIL_TIMEOUT", default=20.0),
        }
        if _smtp
        else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="delegation-desk@example.org")
# The outbox (outbox/): every message is stored, then sent by the task worker. A failed
# attempt is tried again after OUTBOX_RETRY_SECONDS, doubled after each failure, until
# OUTBOX_MAX_ATTEMPTS attempts; then the message is "failed" and staff can retry it.
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)

# --- background work --------------------------------------------------------------------------
# Tasks (django.tasks) are rows in the database, run by `manage.py db_worker` processes; any
# number of workers on any number of machines share them through the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Jobs (jobs/): their files live here, never served directly (only /<lang>/jobs/<id>/download,
# to the job's owner), and are removed this many hours after the job finished.
JOB_FILES_ROOT = Path(env("JOB_FILES_ROOT", default=str(MEDIA_ROOT / "jobs")))
JOB_FILE_HOURS = env.int("JOB_FILE_HOURS", default=24)
# A running job that reported no progress for this long lost its worker: it is run again.
JOB_STALE_MINUTES = env.int("JOB_STALE_MINUTES", default=15)
# Above these sizes a click starts a job (jobs/) instead of making the file while the browser
# waits (gunicorn's worker timeout, docker/entrypoint.sh): badges, rows of an attendee export
# by format (CSV streams and is never a job), rows of a participant import's confirmation.
BADGES_IN_REQUEST = env.int("BADGES_IN_REQUEST", default=100)
EXPORT_ROWS_IN_REQUEST = {
    "pdf": env.int("EXPORT_PDF_ROWS_IN_REQUEST", default=200),
    "xlsx": env.int("EXPORT_XLSX_ROWS_IN_REQUEST", default=20_000),
}
IMPORT_ROWS_IN_REQUEST = env.int("IMPORT_ROWS_IN_REQUEST", default=2_000)
# Long PDFs (badges, attendee lists) are made in parts, by this many processes at once
# (exporting/pdf_join.py); 1 makes them in the process that was asked. The processes are
# children of a forkserver that sets Django up itself (never forks of the asking, threaded
# worker). Default: two where two cores are usable.
PDF_PROCESSES = env.int("PDF_PROCESSES", default=min(2, len(os.sched_getaffinity(0))))
# Rows of a printed list per part (one WeasyPrint document each).
PDF_ROWS_PER_PART = env.int("PDF_ROWS_PER_PART", default=1000)
# What `manage.py run_periodic` runs (command name and arguments), in this order.
PERIODIC_COMMANDS = [
    ("recover_jobs", []),
    ("retry_outbox", []),
    ("send_itinerary_notices", []),
    ("send_reminders", []),
    ("prune_jobs", []),
    ("prune_import_previews", []),
    ("prune_db_task_results", ["--min-age-days", str(env.int("TASK_RESULT_DAYS", default=7))]),
    ("clearsessions", []),
]
if env.int("PARTICIPANT_RETENTION_DAYS", default=None) is not None:
    PERIODIC_COMMANDS.append(("apply_retention", []))

# --- logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logging.JsonLines"},
    },
    "filters": {
        "retried": {"()": "config.middleware.DropRetriedErrors"},
        "secrets": {"()": "config.logging.MaskSecretsInPaths"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "events": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A try repeated after a database error is logged at WARNING (config/middleware.py).
        # …and no calendar or password-reset token reaches a log line (config/logging.py).
        "django.request": {"filters": ["retried", "secrets"]},
        "django.server": {"filters": ["secrets"]},
        "axes": {"level": "WARNING"},  # our own JSON events cover sign-ins and lockouts
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The app's own events (logins, refusals, exports): one JSON object per line.
        "delegation_desk": {"handlers": ["events"], "level": "INFO", "propagate": False},
    },
}

# --- telling people ---------------------------------------------------------------------------
# Invitations to sign in (delegations/sign_in.py): the link to choose a password works once,
# for this many days.
INVITATION_LINK_DAYS = env.int("INVITATION_LINK_DAYS", default=7)
# Changes to one person's itinerary within this many minutes of the first go in one message
# (delegations/notices.py).
ITINERARY_NOTICE_MINUTES = env.int("ITINERARY_NOTICE_MINUTES", default=5)
# Reminders (delegations/reminders.py, run by run_periodic): digests of follow-ups and of
# invitation replies due within REMINDER_DAYS (and overdue) go out once a day from
# REMINDER_HOUR (HOME_TIME_ZONE); the summary of tomorrow's programme from
# TOMORROW_SUMMARY_HOUR in the trip's destination zone.
REMINDER_DAYS = env.int("REMINDER_DAYS", default=7)
REMINDER_HOUR = env.int("REMINDER_HOUR", default=7)
# Regional staff get a daily digest of the passports and visas that put a trip starting within
# this many days at risk (delegations/travel_checks.py), from REMINDER_HOUR.
TRAVEL_DOCUMENT_REMINDER_DAYS = env.int("TRAVEL_DOCUMENT_REMINDER_DAYS", default=60)
TOMORROW_SUMMARY_HOUR = env.int("TOMORROW_SUMMARY_HOUR", default=18)
# The second factor's first enrolment is confirmed by a code sent to the account's address,
# valid this many minutes (accounts/views/two_factor.py).
ENROLMENT_CODE_MINUTES = env.int("ENROLMENT_CODE_MINUTES", default=15)

# --- Delegation Desk --------------------------------------------------------------------------
HOME_TIME_ZONE = env("HOME_TIME_ZONE", default="Europe/Copenhagen")
# Less time than this between two places on one itinerary is flagged.
ITINERARY_MIN_GAP_MINUTES = env.int("ITINERARY_MIN_GAP_MINUTES", default=30)
# Days after a forum when its mere participants are anonymised (`manage.py apply_retention`);
# empty means no automatic retention.
PARTICIPANT_RETENTION_DAYS = env.int("PARTICIPANT_RETENTION_DAYS", default=None)
# Participant imports: largest file, most rows, most data an .xlsx may unpack to.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)
# Uploaded files wait here between preview and confirmation, at most this many hours.
IMPORT_DIR = env("IMPORT_DIR", default=str(BASE_DIR / "var" / "imports"))
IMPORT_PREVIEW_HOURS = env.int("IMPORT_PREVIEW_HOURS", default=24)
# Route the hello-world baseline view used by bench/run.py (never needed in production).
BENCH_HELLO = env.bool("BENCH_HELLO", default=False)
