"""A notice written by one officer, approved by another with "publish now", crosses the
boundary and appears on the portal's home page and its own public page (no sign-in)."""

import re
import time

import pytest

from tests.e2e.test_applications_across_zones import sign_in_officer

pytestmark = pytest.mark.demo
TITLE = "关于网络安全宣传周活动的通知"


def test_a_notice_published_from_the_back_office_appears_on_the_portal(browser, shared_demo):
    writer = browser.new_context().new_page()
    writer.set_default_timeout(15_000)
    sign_in_officer(writer, "810001", back_office_url=shared_demo.back_office)  # 网安 clerk
    writer.goto(f"{shared_demo.back_office}/notices/new/")
    writer.fill("[name=title]", TITLE)
    writer.select_option("[name=category]", "police_news")
    writer.fill("[name=body]", "网络安全宣传周期间，各派出所将开展反诈宣传。\n\n欢迎市民参加。")
    writer.click("main form button[type=submit]")
    writer.wait_for_url(re.compile(r".*/notices/[0-9a-f-]{36}/$"))
    notice_url = writer.url
    writer.click("form[action$='/submit/'] button")
    writer.wait_for_load_state()

    approver = browser.new_context().new_page()
    approver.set_default_timeout(15_000)
    sign_in_officer(approver, "810002", back_office_url=shared_demo.back_office)  # 网安 approver
    approver.goto(notice_url)
    approver.check("input[name=when][value=now]")
    approver.click("form[action$='/approve/'] button[type=submit]")
    approver.wait_for_load_state()
    assert approver.locator("#notice-status").inner_text().startswith(("已发布", "Published"))

    portal = browser.new_context().new_page()
    deadline = time.monotonic() + 60
    while True:  # the exchange workers and the ferry carry it across
        portal.goto(f"{shared_demo.portal}/")
        link = portal.locator(".latest-notices a", has_text=TITLE)
        if link.count() or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert link.count() == 1, portal.locator(".latest-notices").inner_text()
    link.click()
    portal.wait_for_load_state()
    assert portal.locator("main h1").inner_text() == TITLE
    assert "欢迎市民参加。" in portal.locator(".notice-body").inner_text()
