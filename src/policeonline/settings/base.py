"""Settings shared by both zones. A zone module sets ZONE and extends the app and URL lists."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from policeonline.monitoring.logs import logging_config

from .env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = Path(__file__).resolve().parents[1]
VAR_DIR = Path(env("POLICEONLINE_VAR_DIR", str(BASE_DIR / "var"), "Folder for SQLite files, "
                   "static files and spools (default: var/ in the checkout)."))

ZONE = "undefined"  # set by the zone module

DEBUG = env_bool("DEBUG", False, "Django debug pages. Never on in production.")
DEMO_MODE = env_bool("DEMO_MODE", False, "Shows demo helpers (simulated SMS page, demo TOTP "
                     "codes). Set by `make demo`; never in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver",
                         "Comma-separated host names this zone answers to.")

SHARED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "policeonline.core",
    "policeonline.catalog",
    "policeonline.formspec",
    "policeonline.audit",
    "policeonline.exchange",
    "policeonline.certificates",
    "policeonline.periodic",
]

MIDDLEWARE = [
    # First: request id, request metrics, /health/live, /health/ready, /metrics (ADR 0034).
    "policeonline.monitoring.middleware.MonitoringMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "policeonline.core.middleware.SlidingSessionMiddleware",
    "policeonline.core.middleware.LanguageMiddleware",
    "policeonline.core.middleware.NullCharacterMiddleware",  # after the language: its error is localised
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "policeonline.core.middleware.ElderModeMiddleware",
    "axes.middleware.AxesMiddleware",
    "policeonline.audit.middleware.AuditMiddleware",  # refusals and downloads (ADR 0031)
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "policeonline.core.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "policeonline.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def zone_database(zone: str) -> dict:
    """The zone's own database.

    ``<ZONE>_DATABASE_URL`` wins; otherwise ``DATABASE_URL`` names the server and the zone
    gets its own database on it (``<name>_<zone>``), so the zones never share tables.
    Without either, a SQLite file under var/.
    """
    own = env(f"{zone.upper()}_DATABASE_URL", "", f"Database URL of the {zone} zone.")
    shared = env("DATABASE_URL", "", "Database server for both zones; each zone uses its own "
                 "database `<name>_<zone>` on it.")
    if own:
        config = dj_database_url.parse(own, conn_max_age=60)
    elif shared:
        config = dj_database_url.parse(shared, conn_max_age=60)
        config["NAME"] = f"{config['NAME']}_{zone}"
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        config = dj_database_url.parse(f"sqlite:///{VAR_DIR / f'{zone}.sqlite3'}")
        # Several processes share the file (web, exchange worker, scheduler): wait for the write
        # lock up to 30 s instead of SQLite's 5 s default, which a loaded machine exceeds.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;",
                             "timeout": 30}
    config["TEST"] = {"NAME": None if config["ENGINE"].endswith("sqlite3") else
                      f"test_{config['NAME']}"}
    return config


PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 10, "Minimum password length.")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "policeonline.accounts.passwords.MinimumLengthValidator",
     "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "policeonline.accounts.passwords.CharacterClassValidator"},
]

# Audit log (ADR 0031): sealed into a hash chain each minute; purged only after this many days.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 180, "Days audit events are kept before "
                               "the daily purge may remove them (never fewer than 180).")

# Lockout (django-axes): five failures lock the identifier for 15 minutes.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, "Failed sign-ins before lockout.")
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15, "Lockout duration in minutes.") / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by IP address would lock out whole carrier-grade-NAT networks (common on Chinese
# mobile carriers); per-IP request throttling is a separate layer (rate limits).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "policeonline.accounts.lockout.lockout_key"
AXES_LOCKOUT_CALLABLE = "policeonline.accounts.lockout.locked_out"
AXES_VERBOSE = False

# Django's database sessions, the row read with one plain statement (core/sessions.py, ADR 0040).
SESSION_ENGINE = "policeonline.core.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, "Session idle timeout in minutes.") * 60
# Idle timeout, not absolute: SlidingSessionMiddleware refreshes the expiry at most this often.
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False, "Redirect HTTP to HTTPS (behind TLS).")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", False, "Send cookies over HTTPS only (on in production).")
# HTTPS only, remembered by browsers (production: 31536000). 0 sends no header (the demo's http).
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0, "Strict-Transport-Security max-age in seconds "
                              "(31536000 in production; 0 = no header).")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True,
                                          "HSTS covers the zone's subdomains too.")
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True, "Allow browser preload lists (listing the "
                               "domain is a separate, manual step).")
if env_bool("BEHIND_TLS_PROXY", False, "The reverse proxy terminates TLS and sets "
            "X-Forwarded-Proto (production); otherwise the header is ignored."):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict CSP: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "zh-hans"  # Chinese first; English is complete
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Personal data at rest: ID and phone numbers are encrypted (Fernet) and looked up by HMAC.
PROTECTED_DATA_KEYS = env_list(
    "PROTECTED_DATA_KEYS", "",
    "Comma-separated Fernet keys for personal data at rest, newest first (rotation).")
LOOKUP_HMAC_KEY = env("LOOKUP_HMAC_KEY", "", "Secret for the HMAC lookup digests of ID and "
                      "phone numbers. Changing it needs a re-index.")

BUREAU_NAME = env("BUREAU_NAME", "济南市公安局", "The deploying bureau's name (Chinese).")
BUREAU_NAME_EN = env("BUREAU_NAME_EN", "Jinan Public Security Bureau", "The bureau's name (English).")
BUREAU_ADDRESS = env("BUREAU_ADDRESS", "山东省济南市", "The bureau's postal address (Chinese), "
                     "printed on electronic certificates.")
BUREAU_PHONE = env("BUREAU_PHONE", "12345", "The bureau's enquiry telephone number, printed on "
                   "electronic certificates.")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "https://police.jinan.example", "Public address of the "
                      "internet portal, without a trailing slash, in both zones: certificates' QR "
                      "codes point here (http://localhost:8000 for the local demo).").rstrip("/")

# Electronic certificates (docs/adr/0015-electronic-certificates.md).
CERTIFICATE_KEY_DIR = env("CERTIFICATE_KEY_DIR", str(VAR_DIR / "certificates" / "keys"),
                          "Certificate keys, separate from the exchange keys; each zone uses its "
                          "own subfolder `<zone>/` (intranet: the signing key; internet: the public "
                          "keys it publishes and verifies with).")
CERTIFICATE_FONT = env("CERTIFICATE_FONT", "auto", "Font of the certificate PDF: `auto` (a TrueType "
                       "CJK font found on the system, embedded), a `.ttf`/`.ttc` path (`path#N` for "
                       "the N-th font of a collection), or `STSong-Light` (built-in CID font, not "
                       "embedded). Falls back to `STSong-Light`.")
CERTIFICATE_VERIFY_LIMIT = env_int("CERTIFICATE_VERIFY_LIMIT", 60, "Certificate checks allowed per "
                                   "client address within CERTIFICATE_VERIFY_WINDOW_SECONDS.")
CERTIFICATE_VERIFY_WINDOW_SECONDS = env_int("CERTIFICATE_VERIFY_WINDOW_SECONDS", 600,
                                            "Window of the certificate check limit, in seconds.")
# Boundary exchange (docs/exchange-protocol.md).
EXCHANGE_MAX_ENVELOPE_BYTES = env_int("EXCHANGE_MAX_ENVELOPE_BYTES", 8 * 1024 * 1024,
                                      "Largest envelope accepted, in bytes (types set lower limits).")
EXCHANGE_RESEND_AFTER_SECONDS = float(env("EXCHANGE_RESEND_AFTER_SECONDS", "5",
                                          "Re-send an unacknowledged envelope after this long "
                                          "(doubling on each try, up to 64×)."))
EXCHANGE_GAP_ALERT_SECONDS = float(env("EXCHANGE_GAP_ALERT_SECONDS", "60",
                                       "Alert when a stream has waited this long for a missing "
                                       "sequence number."))


def exchange_transport() -> dict:
    name = env("EXCHANGE_TRANSPORT", "spool", "Boundary transport: `spool` (files + ferry) or "
               "`amqp` (RabbitMQ).")
    if name == "amqp":
        prefix = env("EXCHANGE_AMQP_PREFIX", "", "Prefix of the `amqp` transport's queues and "
                     "exchange (several deployments on one broker).")
        return {"name": "amqp", "options": {
            "url": env("EXCHANGE_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F",
                       "RabbitMQ URL for the `amqp` transport."),
            "queue_prefix": prefix, "exchange": f"{prefix}pso.boundary"}}
    return {"name": name, "options": {"root": env(
        "EXCHANGE_SPOOL_ROOT", str(VAR_DIR / "exchange" / "spool"),
        "Spool root of the `spool` transport (the ferry carries between its folders).")}}


# Logs (ADR 0034): plain lines or one JSON object per line, with zone and request id; ID and
# mobile numbers masked either way.
LOG_FORMAT = env("LOG_FORMAT", "plain", "Log line format: `plain` or `json` (one object per line "
                 "with time, level, logger, message, zone, request_id).")
LOGGING = logging_config(LOG_FORMAT, env("LOG_LEVEL", "INFO", "Log level."))

# Monitoring (ADR 0034): /health/live and /health/ready answer callers from these networks;
# /metrics also needs the token. Behind nginx the peer is the proxy: deploy/nginx refuses
# these paths on the public server.
MONITORING_ALLOWED_NETWORKS = env_list(
    "MONITORING_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128",
    "Comma-separated client networks (the TCP peer, never X-Forwarded-For) allowed to reach "
    "/health/live, /health/ready and /metrics, e.g. the Prometheus host's.")
METRICS_TOKEN = env("METRICS_TOKEN", "", "Bearer token Prometheus sends to /metrics; unset "
                    "switches /metrics off (404).")
env("PROMETHEUS_MULTIPROC_DIR", "", "Empty folder per gunicorn instance where its workers "
    "share request metrics (read by prometheus_client; set it for gunicorn with several workers).")

# Cache: per process by default; Redis (`redis://…`) when several processes serve a zone, so
# rate limits and cached counts hold across them.
CACHE_URL = env("CACHE_URL", "", "Shared cache, `redis://host:6379/N` (one database number per "
                "zone); unset: a cache per process (the demo, tests).")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                      "KEY_PREFIX": "pso"} if CACHE_URL else
          {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Files that belong to people (application attachments): outside any public URL, served only
# through views that check who is asking. Each zone keeps its own copy under its own root.
PRIVATE_FILES_ROOT = env("PRIVATE_FILES_ROOT", str(VAR_DIR / "private"),
                         "Folder for uploaded and received files (one subfolder per zone).")
# Email: Django's SMTP backend in production; the demo writes each message to a file instead.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend",
                    "Django email backend; django.core.mail.backends.smtp.EmailBackend in production.")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"), "Folder for emails (file backend).")
EMAIL_HOST = env("EMAIL_HOST", "localhost", "SMTP server.")
EMAIL_PORT = env_int("EMAIL_PORT", 25, "SMTP port.")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "", "SMTP user name.")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "", "SMTP password.")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False, "Use STARTTLS to the SMTP server.")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@police.jinan.example", "Sender of emails.")
