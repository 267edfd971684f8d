"""A consultation across both zones in Chromium, on the shared demo: written on the portal
without an account (mobile number proved by the simulated SMS code, consent to publication
ticked), routed to the cyber division by its topic, claimed and answered by clerk 810001,
who publishes it in an edited wording; the writer gets an SMS, reads the answer with the
tracking number and rates it, and the question is found by the public Q&A search."""

import re
import secrets
import time

import pytest

from tests.e2e.test_applications_across_zones import sign_in_officer

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.demo]
CROSSING_SECONDS = 30


@pytest.fixture
def context(shared_demo, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


def sms_to(page, portal, phone, pattern) -> str:
    """The latest simulated SMS to ``phone`` matching ``pattern`` (demo outbox page)."""
    deadline = time.monotonic() + CROSSING_SECONDS
    while True:
        page.goto(f"{portal}/dev/sms/")
        for row in page.locator("tbody tr", has_text=phone).all():
            found = re.search(pattern, row.inner_text())
            if found:
                return found.group(1) if found.groups() else found.group()
        if time.monotonic() > deadline:
            pytest.fail(f"no SMS to {phone} matching {pattern}")
        time.sleep(1)


def until(page, url, locator, seconds=CROSSING_SECONDS):
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        if page.locator(locator).count():
            return page.locator(locator).first
        if time.monotonic() > deadline:
            pytest.fail(f"{locator} never appeared at {url}")
        time.sleep(1)


def test_a_consultation_is_answered_notified_and_published(shared_demo, context):
    portal, back_office = shared_demo.portal, shared_demo.back_office
    phone = f"139{secrets.randbelow(10**8):08d}"
    word = f"反诈{secrets.randbelow(10**6):06d}"
    citizen = context.new_page()
    citizen.goto(f"{portal}/letters/write/consultation/")
    citizen.select_option("#id_topic", "WA")
    citizen.fill("#id_subject", "网络诈骗怎么报案")
    citizen.fill("#id_text", f"我叫王小明，手机{phone}。接到自称客服的电话要求转账（{word}），应该怎么报案？")
    citizen.fill("#id_phone", phone)
    citizen.click("button[name=action][value=send_code]")
    code = sms_to(context.new_page(), portal, phone, r"(?<!\d)(\d{6})(?!\d)")
    citizen.fill("#id_sms_code", code)
    citizen.check("#id_publish_consent")
    citizen.click("button[name=action][value=send]")
    citizen.wait_for_url("**/letters/sent/")
    tracking = citizen.locator("#tracking-no").inner_text().strip()

    officer = sign_in_officer(context.new_page(), "810001", back_office_url=back_office)
    until(officer, f"{back_office}/letters/", f"a:has-text('{tracking}')").click()
    officer.click("form:has(input[value=claim]) button")
    officer.fill("#answer-text", "请立即拨打110或到就近派出所报案，并保留通话记录和转账凭证。")
    officer.click("form:has(input[value=answer]) button")
    officer.fill("#public-question", f"接到自称客服的电话要求转账（{word}），应该怎么报案？")
    officer.click("form:has(input[value=publish]) button")
    assert officer.locator("#published-note").count() == 1

    sms_to(context.new_page(), portal, phone, re.escape(tracking))  # notified by SMS
    citizen.goto(f"{portal}/letters/track/")
    citizen.fill("#id_tracking_no", tracking)
    citizen.fill("#id_phone", phone)
    citizen.click("main form button[type=submit]")
    assert "请立即拨打110" in citizen.locator("#answer").inner_text()
    citizen.check("input[name=rating][value='5']")
    citizen.click("#answer form button[type=submit]")
    assert citizen.locator("#rating-given").count() == 1

    found = until(citizen, f"{portal}/qa/?q={word}", ".qa-list li.qa")
    text = found.inner_text()
    assert "请立即拨打110" in text and "王小明" not in text and phone not in text
