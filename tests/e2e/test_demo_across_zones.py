"""The demo as a user meets it: `python -m policeonline.demo` with both zones, both exchange
workers and the ferry, driven in Chromium. A new citizen registers on the portal and sees
"verifying…" turn into the registry's answer without reloading; a wanted person's
registration reaches the intranet duty officer as an alert."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# Two of the registry's fixed demo people (policeonline.registry.demo_people); written out
# here because this test process is the internet zone, which must not import intranet code.
ZHAO_LIU = {"name": "赵六", "id_number": "110101198808081231"}
WANG_WU = {"name": "王五", "id_number": "370120197001010013"}

ROOT = Path(__file__).resolve().parents[2]
PORTAL, BACK_OFFICE = 18300, 18301
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - our own localhost server
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    var = tmp_path_factory.mktemp("demo-var")
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    env.update(POLICEONLINE_VAR_DIR=str(var), PYTHONPATH=str(ROOT / "src"))
    log = open(var / "demo.log", "wb")  # noqa: SIM115 - closed in teardown
    process = subprocess.Popen([sys.executable, "-m", "policeonline.demo", "--internet-port",
                                str(PORTAL), "--intranet-port", str(BACK_OFFICE)],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while not (_up(f"http://127.0.0.1:{PORTAL}/") and _up(f"http://127.0.0.1:{BACK_OFFICE}/")):
        if process.poll() is not None or time.monotonic() > deadline:
            log.close()
            pytest.fail("the demo did not start:\n" + (var / "demo.log").read_text()[-3000:])
        time.sleep(0.5)
    yield process
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    log.close()
    assert "Stopped." in (var / "demo.log").read_text()


def register(page, person, phone):
    page.goto(f"http://127.0.0.1:{PORTAL}/accounts/register/")
    page.fill("#id_name", person["name"])
    page.fill("#id_id_number", person["id_number"])
    page.fill("#id_phone", phone)
    page.click("button[name=action][value=send_code]")
    # Read the code the way a demo user does: on the SMS simulator's page.
    outbox = page.context.new_page()
    outbox.goto(f"http://127.0.0.1:{PORTAL}/dev/sms/")
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", outbox.locator("tbody tr").first.inner_text()).group(1)
    outbox.close()
    page.fill("#id_sms_code", code)
    page.fill("#id_password1", "Jinan#2026road")
    page.fill("#id_password2", "Jinan#2026road")
    page.check("#id_agree")
    page.click("button[name=action][value=register]")
    page.wait_for_url("**/accounts/me/")


def test_a_new_citizen_is_verified_through_the_ferry_without_reloading(demo, browser):
    context = browser.new_context()
    page = context.new_page()
    register(page, ZHAO_LIU, "13900000066")
    started = time.monotonic()
    assert page.locator("#verification").get_attribute("class").endswith("verification-pending") \
        or page.locator(".verification-verified").count() == 1
    page.locator(".verification-verified").wait_for(timeout=10_000)  # htmx polling, no reload
    elapsed = time.monotonic() - started
    assert "已实名认证" in page.locator("#verification").inner_text()
    print(f"\nverified {elapsed:.2f} s after the account page opened")
    assert elapsed < 5
    context.close()


def test_a_wanted_person_alerts_the_duty_officer(demo, browser):
    context = browser.new_context()
    page = context.new_page()
    register(page, WANG_WU, "13900000077")
    page.locator(".verification-verified").wait_for(timeout=10_000)  # nothing different shown
    officer = context.new_page()
    officer.goto(f"http://127.0.0.1:{BACK_OFFICE}/officers/login/")
    row = officer.locator("tr", has_text="910001")
    code = row.locator("td").nth(4).inner_text().strip()
    officer.fill("#id_username", "910001")
    officer.fill("#id_password", "Jinan@Police2026")
    officer.fill("#id_otp_token", code)
    officer.click("main form button[type=submit]")
    officer.wait_for_url(f"http://127.0.0.1:{BACK_OFFICE}/")
    officer.goto(f"http://127.0.0.1:{BACK_OFFICE}/verification/alerts/")
    assert "王五" in officer.locator("main").inner_text()
    context.close()
