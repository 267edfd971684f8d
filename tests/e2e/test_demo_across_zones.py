"""The demo as a user meets it: `python -m policeonline.demo` with both zones, both exchange
workers and the ferry, driven in Chromium. A new citizen registers on the portal and sees
"verifying…" turn into the registry's answer without reloading; a wanted person's
registration reaches the intranet duty officer as an alert."""

import re
import time

import pytest

from tests.e2e.launcher import SHARED_PORTS

# Two of the registry's fixed demo people (policeonline.registry.demo_people); written out
# here because this test process is the internet zone, which must not import intranet code.
ZHAO_LIU = {"name": "赵六", "id_number": "110101198808081231"}
WANG_WU = {"name": "王五", "id_number": "370120197001010013"}

PORTAL, BACK_OFFICE = SHARED_PORTS  # the session's seeded demo (new people register here)
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.demo]


@pytest.fixture(scope="module")
def demo(shared_demo):
    return shared_demo


def register(page, person, phone):
    page.goto(f"http://127.0.0.1:{PORTAL}/accounts/register/")
    page.fill("#id_name", person["name"])
    page.fill("#id_id_number", person["id_number"])
    page.fill("#id_phone", phone)
    page.click("button[name=action][value=send_code]")
    # Read the code the way a demo user does: on the SMS simulator's page.
    outbox = page.context.new_page()
    outbox.goto(f"http://127.0.0.1:{PORTAL}/dev/sms/")
    # The newest message to this number (the demo's seeded applications send notices too).
    row = outbox.locator("tbody tr", has_text=phone).first
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", row.locator("td").nth(2).inner_text()).group(1)
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
