"""The payment gateway SIMULATOR in ``make demo``: its database and key, mutual trust with the
portal's merchant key, its web process (pay page, API) and its callback worker."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PORT = 8002  # the default; the demo passes its own
MERCHANT = "PSO-JINAN"


def _env(base: dict) -> dict:
    env = dict(base, DJANGO_SETTINGS_MODULE="policeonline.gateway_simulator.settings")
    env.pop("DATABASE_URL", None)
    return env


def _manage(env: dict, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args],  # noqa: S603 (fixed argv)
                          env=env, input=stdin, check=True, capture_output=True).stdout


def prepare(internet_env: dict) -> None:
    """Migrate, make keys, and let portal and gateway trust each other's public key."""
    print("· payment gateway simulator: migrating, keys, merchant trust", flush=True)
    env = _env(internet_env)
    _manage(env, "migrate", "--noinput", "-v", "0")
    gateway_public = _manage(env, "gateway", "keys", "export")
    merchant_public = _manage(internet_env, "payments", "keys", "export")
    _manage(env, "gateway", "trust-merchant", MERCHANT, "-", stdin=merchant_public)
    _manage(internet_env, "payments", "trust-gateway", "-", stdin=gateway_public)


def start(internet_env: dict, port: int = PORT) -> dict[str, subprocess.Popen]:
    env = _env(internet_env)
    return {
        "payment gateway simulator": subprocess.Popen(  # noqa: S603 (fixed argv)
            [sys.executable, "-m", "gunicorn", "policeonline.gateway_simulator.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "-",
             "--no-control-socket", "--name", "payment-gateway-simulator"],
            env=env, start_new_session=True),
        "gateway simulator callbacks": subprocess.Popen(  # noqa: S603 (fixed argv)
            [sys.executable, str(ROOT / "manage.py"), "gateway", "notify", "--loop"],
            env=env, start_new_session=True),
        "portal payment catch-up": subprocess.Popen(  # noqa: S603 (fixed argv)
            [sys.executable, "-c", _CATCH_UP], env=dict(internet_env), cwd=str(ROOT),
            start_new_session=True),
    }


# Every minute, as a scheduler would: query orders stuck paying (lost callbacks).
_CATCH_UP = (
    "import subprocess, sys, time\n"
    "while True:\n"
    "    time.sleep(60)\n"
    f"    subprocess.run([sys.executable, {str(ROOT / 'manage.py')!r}, 'payments', 'catch-up',"
    " '--minutes', '2'], check=False)\n")


def banner(port: int = PORT) -> str:
    return f"   Payment gateway SIMULATOR (demo only):  http://127.0.0.1:{port}/  (pay pages, signed API)"


if __name__ == "__main__":  # pragma: no cover
    prepare(dict(os.environ))
