"""Internet zone: the citizen portal, the public JSON API, citizens' and companies' accounts."""

from .base import *  # noqa: F403
from .base import SHARED_APPS, env, env_int, zone_database

ZONE = "internet"
SECRET_KEY = env("SECRET_KEY", "dev-only-internet-zone-key-change-me-in-production-0000",
                 "Django secret key of this zone (each zone has its own).")

INSTALLED_APPS = [
    *SHARED_APPS,
    "policeonline.accounts.citizens",
    "policeonline.notifications",
    "policeonline.notifications.contrib.sms_simulator",
    "policeonline.applications",
    "policeonline.plates",
    "policeonline.guarantors.portal",
    "policeonline.permits",
    "policeonline.appointments", "policeonline.appointments.booking",
    "policeonline.payments",
    "policeonline.ratings.portal", "policeonline.progress",
    "policeonline.notices.portal",
    "policeonline.letters.portal",
    "policeonline.stats.portal",
    "policeonline.transparency.portal",
    "policeonline.portal",
    "policeonline.api",
]
ROOT_URLCONF = "policeonline.urls.internet"
AUTH_USER_MODEL = "citizens.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "policeonline.accounts.citizens.backends.IdentifierBackend",
]
LOGIN_URL = "citizens:login"
LOGIN_REDIRECT_URL = "citizens:me"
DATABASES = {"default": zone_database(ZONE)}
STATIC_ROOT = VAR_DIR / "static" / ZONE  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
EXCHANGE_KEY_DIR = env("EXCHANGE_KEY_DIR", str(VAR_DIR / "exchange" / ZONE / "keys"),  # noqa: F405
                       "This zone's exchange keyring (own signing keys, trusted public keys).")
EXCHANGE_TRANSPORT = exchange_transport()  # noqa: F405

# Catalog pages and API held per process for the edition in force (ADR 0036).
CATALOG_RECHECK_MS = env_int("CATALOG_RECHECK_MS", 1000, "How often (milliseconds) each web process "
                             "checks the database for a newly loaded catalog edition before serving "
                             "the catalog pages and API it holds (0: on every request).")

NOTICES_RECHECK_MS = env_int("NOTICES_RECHECK_MS", 1000, "How often (milliseconds) each web process "
                             "checks the database for published or withdrawn notices before serving "
                             "the home page's latest notices it holds (0: on every request).")

# Public statistics: how satisfied applicants were is shown only for cells with this many
# ratings or more (ADR 0026), so that one person's rating cannot be read from a small cell.
STATS_MIN_RATINGS = env_int("STATS_MIN_RATINGS", 5, "Fewest case ratings a published statistics "
                            "cell must count before its satisfaction (satisfied, rating sum, rates) "
                            "is shown; below it those are withheld (1: show every cell).")

SMS_CHANNEL = env("SMS_CHANNEL", "sms_simulator", "SMS provider plugin (internet zone).")
SMS_CODE_TTL_SECONDS = 300
SMS_CODE_RESEND_SECONDS = 60
SMS_CODE_DAILY_LIMIT = 10
SMS_CODE_MAX_ATTEMPTS = 5

# Fee payment (ADR 0022): the provider plugin and where its gateway answers.
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", "gateway_simulator", "Payment provider plugin (internet zone).")
PAYMENT_GATEWAY_URL = env("PAYMENT_GATEWAY_URL", "http://127.0.0.1:8002",
                          "Base URL of the payment gateway's API and pay pages.")
PAYMENT_MERCHANT_ID = env("PAYMENT_MERCHANT_ID", "PSO-JINAN", "The bureau's merchant id at the gateway.")
