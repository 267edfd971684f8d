"""One run over real HTTP: the payment gateway simulator as its own process (own settings,
own SQLite database, gunicorn on a free port) and this zone's live server. Order created at the
gateway, paid on its pay page, the signed callback delivered by its worker (refused once,
retried after the backoff), refunded after a refusal, and the day's statement reconciled with
nothing to report."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from policeonline.payments import keys
from policeonline.payments.models import CallbackRecord, FeeOrder
from policeonline.payments.providers import registry
from policeonline.payments.reconcile import reconcile
from policeonline.payments.services import start_payment
from tests.conftest import need

from .conftest import MERCHANT, request_payment

ROOT = Path(__file__).resolve().parents[3]
State = FeeOrder.State


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def simulator(tmp_path, settings):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="policeonline.gateway_simulator.settings",
               GATEWAY_SIMULATOR_VAR_DIR=str(tmp_path / "gateway"),
               GATEWAY_SIMULATOR_RETRY_DELAYS="1,1,1")
    env.pop("DATABASE_URL", None)

    def manage(*args, stdin=None):
        done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env,
                              input=stdin, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        return done.stdout

    manage("migrate", "-v", "0")
    settings.PAYMENT_KEY_DIR = str(tmp_path / "platform-keys")
    settings.PAYMENT_MERCHANT_ID = MERCHANT
    manage("gateway", "trust-merchant", MERCHANT, "-", stdin=keys.create())
    keys.trust_gateway(manage("gateway", "keys", "export"))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "policeonline.gateway_simulator.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            need(False, "the gateway simulator did not start")
        settings.PAYMENT_GATEWAY_URL = f"http://127.0.0.1:{port}"
        yield manage
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_pay_callback_refund_and_reconcile_over_http(catalog, simulator, live_server, settings,
                                                     intranet, app):
    settings.PORTAL_BASE_URL = live_server.url
    order = request_payment(intranet, app, amount_fen=4000)
    pay_url = start_payment(order, f"{live_server.url}/payments/{order.order_no}/")

    # The citizen pays on the simulator's page (a real form with its CSRF token).
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = browser.open(pay_url).read().decode()
    assert "40.00" in page and "SIMULATOR" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    browser.open(urllib.request.Request(pay_url, data=urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "choice": "pay"}).encode(), headers={"Referer": pay_url}))

    order.refresh_from_db()
    assert order.state == State.PAYING  # nothing until the gateway says so
    settings.PAYMENT_CALLBACK_FRESH_SECONDS = -1  # every callback refused for now (4xx) …
    assert "0 notices" in simulator("gateway", "notify").decode()
    order.refresh_from_db()
    assert order.state == State.PAYING and CallbackRecord.objects.filter(outcome="refused").count() == 1
    settings.PAYMENT_CALLBACK_FRESH_SECONDS = 600  # … so the gateway retries after its backoff
    time.sleep(1.2)
    simulator("gateway", "notify")  # its worker delivers the signed callback again
    order.refresh_from_db()
    assert order.state == State.PAID and order.trade_no
    assert registry.default().query(order.order_no).status == "paid"

    # The case is refused: the intranet asks for the fee back; the refund goes to the gateway.
    intranet.send("payment.refund", {"request_id": str(order.request_id),
                                     "application_id": str(app.pk), "receipt_no": app.receipt_no,
                                     "reason": "rejected", "requested_at": "2026-11-27T10:00:00Z"})
    order.refresh_from_db()
    assert order.state == State.REFUNDED and order.refund_no
    assert "1 notices" in simulator("gateway", "notify").decode()  # refund notice: acknowledged

    # The day's statement (over the API and as the file) matches our books.
    today = timezone.localdate()
    lines = registry.default().statement(today)
    assert {(line.order_no, line.kind, line.amount_fen) for line in lines} == {
        (order.order_no, "payment", 4000), (order.order_no, "refund", 4000)}
    assert reconcile(today, lines) == []
    path = simulator("gateway", "statement", "--merchant", MERCHANT, "--date", today.isoformat())
    assert Path(path.decode().strip()).read_text(encoding="utf-8").count(order.order_no) == 2
