"""Intranet zone: the officers' back office and Django admin for reference data."""

from .base import *  # noqa: F403
from .base import SHARED_APPS, env, zone_database

ZONE = "intranet"
SECRET_KEY = env("SECRET_KEY", "dev-only-intranet-zone-key-change-me-in-production-000",
                 "Django secret key of this zone (each zone has its own).")

INSTALLED_APPS = [
    "django.contrib.admin",
    *SHARED_APPS,
    "django_otp",
    "django_otp.plugins.otp_totp",
    "policeonline.accounts.officers",
    "policeonline.registry",
    "policeonline.verification",
    "policeonline.workdays",
    "policeonline.cases",
    "policeonline.platepool",
    "policeonline.permitdesk",
    "policeonline.guarantors.desk",
    "policeonline.appointments", "policeonline.appointments.desk",
    "policeonline.payments.desk",
    "policeonline.notices.desk",
    "policeonline.supervision",
    "policeonline.ratings.desk",
    "policeonline.letters.desk",
    "policeonline.stats.desk",
    "policeonline.transparency.log",
    "policeonline.workbench",
]
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(MIDDLEWARE.index(
    "django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware")
ROOT_URLCONF = "policeonline.urls.intranet"
AUTH_USER_MODEL = "officers.Officer"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "officers:login"
LOGIN_REDIRECT_URL = "workbench:home"
DATABASES = {"default": zone_database(ZONE)}
STATIC_ROOT = VAR_DIR / "static" / ZONE  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
EXCHANGE_KEY_DIR = env("EXCHANGE_KEY_DIR", str(VAR_DIR / "exchange" / ZONE / "keys"),  # noqa: F405
                       "This zone's exchange keyring (own signing keys, trusted public keys).")
EXCHANGE_TRANSPORT = exchange_transport()  # noqa: F405

OTP_TOTP_ISSUER = "公安服务在线 后台"
PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] = PASSWORD_MIN_LENGTH  # noqa: F405
SESSION_COOKIE_NAME = "intranet_sessionid"
CSRF_COOKIE_NAME = "intranet_csrftoken"
