"""Settings of the payment gateway SIMULATOR (a separate process on its own port and database).

    DJANGO_SETTINGS_MODULE=policeonline.gateway_simulator.settings manage.py migrate
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
_VAR = os.environ.get("POLICEONLINE_VAR_DIR", str(BASE_DIR / "var"))
VAR_DIR = Path(os.environ.get("GATEWAY_SIMULATOR_VAR_DIR", str(Path(_VAR) / "gateway_simulator")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("GATEWAY_SIMULATOR_SECRET_KEY", "simulator-only-not-a-secret-0000000000000000")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = ["django.contrib.contenttypes", "policeonline.gateway_simulator"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware"]
ROOT_URLCONF = "policeonline.gateway_simulator.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.csrf"]}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.environ.get("GATEWAY_SIMULATOR_DB", str(VAR_DIR / "gateway.sqlite3"))}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"

# The gateway's own signing key and the merchants' public keys it trusts.
GATEWAY_KEY_DIR = Path(os.environ.get("GATEWAY_SIMULATOR_KEY_DIR", str(VAR_DIR / "keys")))
GATEWAY_STATEMENT_DIR = Path(os.environ.get("GATEWAY_SIMULATOR_STATEMENT_DIR", str(VAR_DIR / "statements")))
# Callback retries (seconds after the previous attempt), as real gateways do (4m, 10m, 1h …)
# shortened for the demo; after the last the notification is given up (the merchant queries).
GATEWAY_RETRY_DELAYS = [int(s) for s in os.environ.get(
    "GATEWAY_SIMULATOR_RETRY_DELAYS", "2,5,15,60,300,900").split(",")]
