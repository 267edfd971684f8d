"""Payment settings, each a Django setting with this default (override per deployment)."""

from pathlib import Path

from django.conf import settings

DEFAULTS = {
    "PAYMENT_PROVIDER": "gateway_simulator",
    "PAYMENT_GATEWAY_URL": "http://127.0.0.1:8002",
    "PAYMENT_MERCHANT_ID": "PSO-JINAN",
    "PAYMENT_CALLBACK_FRESH_SECONDS": 600,   # an older notify_time is refused as a replay
    "PAYMENT_STUCK_MINUTES": 5,              # orders paying this long are queried (catch-up)
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def key_dir() -> Path:
    return Path(getattr(settings, "PAYMENT_KEY_DIR", settings.VAR_DIR / "payments" / "keys"))


def notify_url(provider: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}/payments/notify/{provider}/"
