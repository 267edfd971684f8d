"""Production settings, as docs/operations.md gives them, pass `check --deploy` with no issue
at all in both zones, and a zone started with them under gunicorn serves HTTPS-only: plain
http is redirected, the proxy's https requests get the page with HSTS and secure cookies."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def production_env(zone: str, var: Path) -> dict:
    # A clean environment, as a service manager gives: nothing from the test run leaks in
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must not).
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    env.update(DJANGO_SETTINGS_MODULE=f"policeonline.settings.{zone}", PYTHONPATH=str(ROOT / "src"),
               POLICEONLINE_VAR_DIR=str(var), SECRET_KEY=secrets.token_urlsafe(50),
               PROTECTED_DATA_KEYS=Fernet.generate_key().decode(), LOOKUP_HMAC_KEY=secrets.token_hex(32),
               ALLOWED_HOSTS="police.example.cn", SECURE_COOKIES="1", SECURE_SSL_REDIRECT="1",
               HSTS_SECONDS="31536000", BEHIND_TLS_PROXY="1", DEBUG="0", DEMO_MODE="0")
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env,  # noqa: S603
                          capture_output=True, text=True)


@pytest.mark.parametrize("zone", ["internet", "intranet"])
def test_the_deployment_check_finds_nothing(zone, tmp_path):
    run = manage(production_env(zone, tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_the_development_fallbacks_are_refused(tmp_path):
    env = production_env("internet", tmp_path)
    del env["PROTECTED_DATA_KEYS"], env["HSTS_SECONDS"]
    run = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert run.returncode != 0
    assert "policeonline.E001" in run.stderr and "security.W004" in run.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.demo  # its own processes, on SQLite: the SQLite pass runs it
def test_a_zone_started_with_them_serves_https_only(tmp_path):
    env = production_env("internet", tmp_path)
    migrate = manage(env, "migrate", "--noinput", "-v", "0")
    assert migrate.returncode == 0, migrate.stderr
    assert manage(env, "collectstatic", "--noinput", "-v", "0").returncode == 0
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "policeonline.wsgi:application",  # noqa: S603
                               "--bind", f"127.0.0.1:{port}", "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        def get(proto: str):
            request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={
                "Host": "police.example.cn", "X-Forwarded-Proto": proto})
            try:
                return opener.open(request, timeout=5)
            except urllib.error.HTTPError as answer:  # 3xx/4xx come back as errors here
                return answer

        deadline = time.monotonic() + 30
        while True:
            try:
                plain = get("http")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        assert plain.status == 301 and plain.headers["Location"] == "https://police.example.cn/"
        secure = get("https")
        assert secure.status == 200
        assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "script-src 'self'" in secure.headers["Content-Security-Policy"]
        assert all("Secure" in c for c in secure.headers.get_all("Set-Cookie") or [])
        assert "公安服务在线" in secure.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
